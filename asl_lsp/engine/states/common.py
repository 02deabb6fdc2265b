"""Small helpers the state handlers share."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any


def next_of(spec: Mapping[str, Any]) -> str | None:
    """The state's ``Next`` (None when it has ``End``)."""
    nxt = spec.get("Next")
    return nxt if isinstance(nxt, str) and not spec.get("End") else None
