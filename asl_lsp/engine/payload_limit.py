"""AWS's payload quota on a state's input and output, checked on the JSON text history records.

Every state visit checks its input and output, so the check must cost next to nothing for the
payloads most states pass on: a text of at most :data:`ALWAYS_FITS` characters fits whatever it
holds (a character is at most 4 bytes of UTF-8) and is decided by its length alone; only longer
texts are encoded to count their bytes.
"""

from __future__ import annotations

from asl_lsp.engine.errors import DATA_LIMIT_EXCEEDED, StatesError
from asl_lsp.spec.limits import MAX_PAYLOAD_BYTES

ALWAYS_FITS = MAX_PAYLOAD_BYTES // 4


def fits(text: str) -> bool:
    """Whether ``text`` (compact JSON) is within the payload quota."""
    return len(text) <= ALWAYS_FITS or _size(text) <= MAX_PAYLOAD_BYTES


def check_payload(text: str, what: str, name: str) -> None:
    """Fail with ``States.DataLimitExceeded`` when ``text`` (compact JSON) is over AWS's payload
    quota; a state cannot catch it, as on AWS. ``what`` is "input" or "output" of state
    ``name``."""
    if len(text) <= ALWAYS_FITS:
        return
    size = _size(text)
    if size > MAX_PAYLOAD_BYTES:
        raise StatesError(
            DATA_LIMIT_EXCEEDED,
            f"The {what} of the state '{name}' is {size:,} bytes, over the "
            f"{MAX_PAYLOAD_BYTES // 1024} KiB payload limit of Step Functions",
        )


def _size(text: str) -> int:
    return len(text.encode("utf-8", "surrogatepass"))
