"""Field names, output order and value rendering shared by every builder.

Builders keep their fields keyed by the ASL name (``ResultSelector``), so a parsed definition and a
built one are the same kind of object. Output order is canonical for built objects and the original
document order for parsed ones, which is what makes build → JSON → parse → JSON byte-identical.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from functools import cache
from typing import Any

from asl_lsp.sdk.inputs import Placeholder
from asl_lsp.spec.fields import fields_for
from asl_lsp.spec.states import STATE_TYPES


class _Missing:
    """Marks "the document had no such key" (distinct from a JSON null)."""

    def __repr__(self) -> str:
        return "MISSING"


MISSING: Any = _Missing()

# Fields whose ``None`` means JSON null (discard / pass nothing) rather than "not given".
NULLABLE = frozenset({"result_path", "input_path", "output_path"})

STATE_ORDER: tuple[str, ...] = (
    "Type",
    "Comment",
    "QueryLanguage",
    "Resource",
    "Credentials",
    "InputPath",
    "Items",
    "ItemsPath",
    "ItemReader",
    "ItemSelector",
    "ItemBatcher",
    "Parameters",
    "Arguments",
    "Result",
    "Seconds",
    "Timestamp",
    "SecondsPath",
    "TimestampPath",
    "Error",
    "ErrorPath",
    "Cause",
    "CausePath",
    "TimeoutSeconds",
    "TimeoutSecondsPath",
    "HeartbeatSeconds",
    "HeartbeatSecondsPath",
    "MaxConcurrency",
    "MaxConcurrencyPath",
    "ToleratedFailurePercentage",
    "ToleratedFailurePercentagePath",
    "ToleratedFailureCount",
    "ToleratedFailureCountPath",
    "Label",
    "ResultWriter",
    "Branches",
    "Iterator",
    "ItemProcessor",
    "Choices",
    "Default",
    "ResultSelector",
    "ResultPath",
    "OutputPath",
    "Output",
    "Assign",
    "Retry",
    "Catch",
    "*",
    "Next",
    "End",
)
GRAPH_ORDER: tuple[str, ...] = (
    "Comment",
    "Version",
    "QueryLanguage",
    "TimeoutSeconds",
    "ProcessorConfig",
    "StartAt",
    "States",
    "*",
)
RETRY_ORDER: tuple[str, ...] = (
    "ErrorEquals",
    "IntervalSeconds",
    "MaxAttempts",
    "BackoffRate",
    "MaxDelaySeconds",
    "JitterStrategy",
    "Comment",
    "*",
)
CATCH_ORDER: tuple[str, ...] = (
    "ErrorEquals",
    "ResultPath",
    "Output",
    "Assign",
    "Comment",
    "*",
    "Next",
)
RULE_ORDER: tuple[str, ...] = (
    "Variable",
    "*",
    "And",
    "Or",
    "Not",
    "Condition",
    "Comment",
    "Assign",
    "Output",
    "Next",
)


# Fields built from the step graph (transitions, nested scopes, rules), never given as values.
STRUCTURAL = frozenset(
    {
        "Type",
        "Next",
        "End",
        "Retry",
        "Catch",
        "Choices",
        "Default",
        "Branches",
        "Iterator",
        "ItemProcessor",
        "StartAt",
        "States",
    }
)
# Any state: the generic ``State`` builder accepts the fields of every state type.
ANY_STATE = "state:*"


@cache
def constructor_fields(context: str) -> frozenset[str]:
    """The keyword arguments (``result_selector``...) a builder for an ASL context accepts.

    They are the spec's fields of that context (``state:Pass``, ``retrier``, ``root``...) less the
    structural ones, so a builder never writes a field the linter refuses.
    """
    if context == ANY_STATE:
        return frozenset().union(*(constructor_fields(f"state:{t}") for t in STATE_TYPES))
    return frozenset(snake(name) for name in fields_for(context) if name not in STRUCTURAL)


_WORD_START = re.compile(r"(?<!^)(?=[A-Z])")


def snake(name: str) -> str:
    """``ResultSelector`` -> ``result_selector`` (the inverse of :func:`pascal`)."""
    return _WORD_START.sub("_", name).lower()


def pascal(name: str) -> str:
    """``result_selector`` -> ``ResultSelector`` (one rule fits every ASL field)."""
    return "".join(part[:1].upper() + part[1:] for part in name.split("_"))


def render(value: Any) -> Any:
    """A JSON-ready copy of ``value``: placeholders become paths and their keys gain ``.$``."""
    if isinstance(value, Placeholder):
        return value.to_jsonpath()
    if isinstance(value, dict):
        out: dict[str, Any] = {}
        for key, item in value.items():
            if isinstance(item, Placeholder) and not str(key).endswith(".$"):
                out[f"{key}.$"] = item.to_jsonpath()
            else:
                out[key] = render(item)
        return out
    if isinstance(value, (list, tuple)):
        return [render(item) for item in value]
    return value


def arrange(
    data: dict[str, Any], canonical: Sequence[str], order: Iterable[str] | None = None
) -> dict[str, Any]:
    """Reorder ``data``: original key order when known, else the canonical order ("*" = others)."""
    if order is not None:
        known = [k for k in order if k in data]
        rest = [k for k in data if k not in known]
        return {k: data[k] for k in [*known, *arrange({k: data[k] for k in rest}, canonical)]}
    rank = {name: i for i, name in enumerate(canonical)}
    other = rank.get("*", len(canonical))
    keys = sorted(enumerate(data), key=lambda pair: (rank.get(pair[1], other), pair[0]))
    return {k: data[k] for _, k in keys}
