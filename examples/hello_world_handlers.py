"""Python stand-ins for the hello-world example's Lambda function, for ``asl run`` on the local engine.

``examples/.asl-lsp.toml`` points ``asl run`` here, so
``asl run examples/hello-world.asl.json --input '{"IsHelloWorldExample": true}' --virtual-clock``
runs the whole workflow without an AWS account.
"""

from __future__ import annotations

import base64
from typing import Any


def hello_world_function(event: dict[str, Any], context: object) -> dict[str, Any]:
    """The seed notebook's Lambda: returns its input and the input in base64."""
    text = str(event["input"])
    return {
        "statusCode": 200,
        "input": text,
        "output": base64.b64encode(text.encode()).decode("utf-8"),
    }


FUNCTIONS = {"HelloWorldFunction": hello_world_function}
