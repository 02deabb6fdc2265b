"""Fields that exclude each other: a literal and its ``...Path`` form, a field and its successor.

The linter reports a state that holds both fields of a pair; the SDK refuses to build one.
"""

from __future__ import annotations

# Pairs of state-level fields, whatever the state type.
STATE_PAIRS: tuple[tuple[str, str], ...] = (
    ("TimeoutSeconds", "TimeoutSecondsPath"),
    ("HeartbeatSeconds", "HeartbeatSecondsPath"),
    ("Error", "ErrorPath"),
    ("Cause", "CausePath"),
    ("MaxConcurrency", "MaxConcurrencyPath"),
    ("ToleratedFailureCount", "ToleratedFailureCountPath"),
    ("ToleratedFailurePercentage", "ToleratedFailurePercentagePath"),
    ("Items", "ItemsPath"),
    ("ItemProcessor", "Iterator"),
)
# Pairs of a Map state only (ItemSelector replaced Parameters there).
MAP_PAIRS: tuple[tuple[str, str], ...] = (("ItemSelector", "Parameters"),)
# Pairs inside a Map's sub-objects: (the path of fields down to the object, the pair).
NESTED_PAIRS: tuple[tuple[tuple[str, ...], tuple[str, str]], ...] = (
    (("ItemReader", "ReaderConfig"), ("MaxItems", "MaxItemsPath")),
    (("ItemBatcher",), ("MaxItemsPerBatch", "MaxItemsPerBatchPath")),
    (("ItemBatcher",), ("MaxInputBytesPerBatch", "MaxInputBytesPerBatchPath")),
)
# Wait takes exactly one of these.
WAIT_DURATION_FIELDS: tuple[str, ...] = ("Seconds", "Timestamp", "SecondsPath", "TimestampPath")


def pairs_for_state(type_name: str) -> tuple[tuple[str, str], ...]:
    """The state-level pairs that apply to a state of ``type_name``."""
    return STATE_PAIRS + MAP_PAIRS if type_name == "Map" else STATE_PAIRS
