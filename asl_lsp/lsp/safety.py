"""Keep the server alive: a feature that raises is logged and answers with an empty result."""

from __future__ import annotations

import functools
import inspect
import logging
from collections.abc import Callable
from typing import Any, TypeVar

log = logging.getLogger("asl_lsp.lsp")

F = TypeVar("F", bound=Callable[..., Any])


def _unreadable(name: str, error: OSError) -> None:
    """A request about a document the client never opened (pygls then reads the file) that is
    not on disk either: an ordinary answer-less request, not a server failure."""
    log.warning("%s: %s: %s", name, error.strerror or type(error).__name__, error.filename)


def safe(default: Any = None) -> Callable[[F], F]:
    """Wrap a handler: an exception becomes ``default`` (and a log record), never a dead server."""

    def decorate(handler: F) -> F:
        if inspect.iscoroutinefunction(handler):

            @functools.wraps(handler)
            async def async_wrapper(*args: Any, **kwargs: Any) -> Any:
                try:
                    return await handler(*args, **kwargs)
                except OSError as error:
                    _unreadable(handler.__name__, error)
                    return default
                except Exception:
                    log.exception("%s failed", handler.__name__)
                    return default

            return async_wrapper  # type: ignore[return-value]

        @functools.wraps(handler)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            try:
                return handler(*args, **kwargs)
            except OSError as error:
                _unreadable(handler.__name__, error)
                return default
            except Exception:
                log.exception("%s failed", handler.__name__)
                return default

        return wrapper  # type: ignore[return-value]

    return decorate
