"""Build, render, deploy and run state machines from Python (the Data Science SDK's API).

``import asl_lsp.sdk as stepfunctions`` keeps a Data Science SDK notebook's
``stepfunctions.set_stream_logger(...)`` line working.
"""

from __future__ import annotations

import logging


def set_stream_logger(level: int = logging.INFO) -> logging.Logger:
    """Send the SDK's log records (create, update, execute...) to stderr at ``level``."""
    logger = logging.getLogger("asl_lsp.sdk")
    logger.setLevel(level)
    if not any(getattr(h, "_asl_sdk_stream", False) for h in logger.handlers):
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter("[%(levelname)s] %(message)s"))
        handler._asl_sdk_stream = True  # type: ignore[attr-defined]
        logger.addHandler(handler)
    return logger


__all__ = ["set_stream_logger"]
