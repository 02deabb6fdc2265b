"""Fixtures for the SDK tests: a real moto server for the session and AWS backends bound to it."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

TESTS_DIR = Path(__file__).resolve().parents[1]
if str(TESTS_DIR) not in sys.path:
    sys.path.insert(0, str(TESTS_DIR))

from moto_server import MotoServer, moto_server  # noqa: E402

from asl_lsp.sdk.backends.aws import AwsBackend  # noqa: E402

__all__ = ["moto_server"]


@pytest.fixture()
def aws(moto_server: MotoServer) -> AwsBackend:
    """An AwsBackend talking to the session's moto server."""
    return AwsBackend(endpoint_url=moto_server.endpoint_url, region=moto_server.region)


@pytest.fixture()
def role(moto_server: MotoServer) -> str:
    return moto_server.role_arn()
