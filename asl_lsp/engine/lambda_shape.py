"""What AWS Lambda hands back, reproduced for Python handlers run locally.

``arn:aws:states:::lambda:invoke`` returns the Invoke API response (``Payload``, ``StatusCode``,
``ExecutedVersion``, the SDK metadata); a function error surfaces as error = the exception's type
and cause = Lambda's error JSON. Function names match by name, partial or full ARN, with or
without a version or alias qualifier.
"""

from __future__ import annotations

import json
import re
import time
import traceback
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from email.utils import formatdate
from typing import Any

_ARN = re.compile(
    r"^(?:arn:[^:]+:lambda:(?P<region>[^:]*):(?P<account>\d*):function:|(?P<acct2>\d{12}):function:)?"
    r"(?P<name>[A-Za-z0-9_-]+)(?::(?P<qualifier>[A-Za-z0-9_$-]+))?$"
)


def split_function_name(text: str) -> tuple[str, str | None]:
    """(name, qualifier) of a function name or ARN; the text itself when it does not parse."""
    m = _ARN.match(text.strip())
    if not m:
        return text, None
    return m.group("name"), m.group("qualifier")


@dataclass
class LambdaContext:
    """The handler's ``context`` argument, with the attributes AWS's Python runtime provides."""

    function_name: str
    function_version: str
    invoked_function_arn: str
    memory_limit_in_mb: int = 128
    aws_request_id: str = field(default_factory=lambda: str(uuid.uuid4()))
    log_group_name: str = ""
    log_stream_name: str = ""
    deadline: float = 0.0

    def __post_init__(self) -> None:
        self.log_group_name = self.log_group_name or f"/aws/lambda/{self.function_name}"
        if not self.deadline:
            self.deadline = time.monotonic() + 900.0

    def get_remaining_time_in_millis(self) -> int:
        return max(0, int((self.deadline - time.monotonic()) * 1000))


Handler = Callable[..., Any]


class FunctionTable:
    """Registered handlers by function name (and optional qualifier)."""

    def __init__(self, functions: Mapping[str, Handler] | None) -> None:
        self._by_name: dict[str, list[tuple[str | None, Handler]]] = {}
        for key, handler in (functions or {}).items():
            name, qualifier = split_function_name(key)
            self._by_name.setdefault(name, []).append((qualifier, handler))

    def __bool__(self) -> bool:
        return bool(self._by_name)

    def find(self, function: str) -> tuple[str, str | None, Handler] | None:
        name, qualifier = split_function_name(function)
        entries = self._by_name.get(name, [])
        for q, handler in entries:
            if q is not None and q == qualifier:
                return name, qualifier, handler
        for q, handler in entries:
            if q is None:
                return name, qualifier, handler
        return None


def error_cause(exc: BaseException) -> str:
    """Lambda's error JSON for an exception raised by a Python handler."""
    frames = traceback.format_tb(exc.__traceback__)
    return json.dumps(
        {
            "errorMessage": str(exc),
            "errorType": type(exc).__name__,
            "stackTrace": frames,
        },
        ensure_ascii=False,
    )


def invoke_response(payload: Any, version: str, payload_size: int) -> dict[str, Any]:
    """The Invoke response ``arn:aws:states:::lambda:invoke`` gives as the task result."""
    request_id = str(uuid.uuid4())
    date = formatdate(usegmt=True)
    headers = {
        "Connection": "keep-alive",
        "Content-Length": str(payload_size),
        "Content-Type": "application/json",
        "Date": date,
        "X-Amz-Executed-Version": version,
        "x-amzn-Remapped-Content-Length": "0",
        "x-amzn-RequestId": request_id,
        "X-Amzn-Trace-Id": f"root=1-{uuid.uuid4().hex[:8]}-{uuid.uuid4().hex[:24]};sampled=0",
    }
    return {
        "ExecutedVersion": version,
        "Payload": payload,
        "SdkHttpMetadata": {
            "AllHttpHeaders": {k: [v] for k, v in headers.items()},
            "HttpHeaders": headers,
            "HttpStatusCode": 200,
        },
        "SdkResponseMetadata": {"RequestId": request_id},
        "StatusCode": 200,
    }


def function_arn(name: str, region: str, account: str, qualifier: str | None = None) -> str:
    arn = f"arn:aws:lambda:{region}:{account}:function:{name}"
    return f"{arn}:{qualifier}" if qualifier else arn
