"""Bounds the local engine adds where AWS has none that a single local process could honour.

AWS runs each Distributed Map child as an execution of its own, with its own 25,000-event history,
and builds item lists in its own fleet; a laptop cannot. These bounds make a runaway definition
fail promptly with a cause that names the bound instead of running until memory is gone. AWS's
own quotas are in :mod:`asl_lsp.spec.limits`.
"""

from __future__ import annotations

from typing import Final

# Items one Map state iterates. An inline Map's items come from a 256 KiB payload and its
# iterations count against the 25,000-event history long before this; it bounds Distributed Map
# item lists read by a handler or built by an expression.
MAX_MAP_ITEMS: Final = 40_000
# States run in one execution, child workflows of a Distributed Map included (their events are
# not in the parent's history, so the history limit does not stop them).
MAX_STATES_RUN: Final = 100_000
