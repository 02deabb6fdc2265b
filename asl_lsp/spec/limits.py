"""AWS Step Functions service quotas that bound one execution, as the local engine applies them.

Values from the Step Functions developer guide, "Quotas" (execution history, payload size) and the
Wait/Map/Parallel state references. The engine fails an execution that goes past one with the error
AWS gives, and names the limit in the cause.
"""

from __future__ import annotations

from typing import Final

# Events in one execution's history; AWS fails the execution when it would exceed it.
MAX_HISTORY_EVENTS: Final = 25_000
# Bytes of UTF-8 JSON in one state's input or output, a task result, an error cause; past it a
# state fails with States.DataLimitExceeded.
MAX_PAYLOAD_BYTES: Final = 256 * 1024
# The largest Seconds a Wait (and TimeoutSeconds/HeartbeatSeconds) accepts.
MAX_WAIT_SECONDS: Final = 99_999_999
