"""Differential suite: the same JSONPath definitions and inputs on moto's interpreter and on the
local engine must give the same status, error, output and state entered/exited sequence.

Where moto disagrees with AWS's documentation the case is listed in ``moto_differences.json``
with the reason, and the local engine is checked against the documented result instead.
"""

from __future__ import annotations

import contextlib
import io
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from engine_differential_cases import CORPUS, OWN
from engine_peer import load, run_locally, run_on_moto

from asl_lsp.sdk.backends import LocalBackend
from tests.shared_path import shared_dir

DIFFERENCES: dict[str, Any] = json.loads(
    (Path(__file__).with_name("moto_differences.json")).read_text(encoding="utf-8")
)
CASES = [f"corpus:{p}" for p in CORPUS] + [f"own:{k}" for k in OWN]


def test_suite_is_large_enough() -> None:
    assert len(CASES) >= 50
    assert len(OWN) >= 30


@pytest.fixture(scope="module")
def peers(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Any, LocalBackend]]:
    boto3 = pytest.importorskip("boto3")
    from moto import mock_aws

    config = {"stepfunctions": {"execute_state_machine": True}, "lambda": {"use_docker": False}}
    with mock_aws(config=config):  # type: ignore[arg-type]
        client = boto3.client("stepfunctions", region_name="us-east-1")
        backend = LocalBackend(clock="virtual", store=tmp_path_factory.mktemp("diff") / "s.db")
        yield client, backend
        backend.close()


def _definition(case: str) -> tuple[dict[str, Any], Any]:
    kind, _, key = case.partition(":")
    if kind == "corpus":
        return load(shared_dir() / "corpus" / key), CORPUS[key]
    return OWN[key]


@pytest.mark.parametrize("case", CASES)
def test_same_result_as_moto(case: str, peers: tuple[Any, LocalBackend]) -> None:
    client, backend = peers
    definition, input_ = _definition(case)
    name = f"d{CASES.index(case)}"
    local = run_locally(backend, name, definition, input_).comparable(definition)
    if case in DIFFERENCES:
        expected = DIFFERENCES[case]["local"]
        assert {k: local[k] for k in expected} == expected
        return
    noise = io.StringIO()  # moto logs its interpreter's exceptions to stdout/stderr
    with contextlib.redirect_stdout(noise), contextlib.redirect_stderr(noise):
        peer = run_on_moto(client, name, definition, input_).comparable(definition)
    assert local == peer
