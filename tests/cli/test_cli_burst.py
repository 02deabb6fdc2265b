"""A burst (``asl lint`` run as the process) keeps the documents it is done with until it ends,
within its budget, and only a burst does: run in a child process, since a burst turns the
collector off for good."""

from __future__ import annotations

import subprocess
import sys
import textwrap

_CHILD = textwrap.dedent(
    """
    import weakref
    from asl_lsp.cli import burst

    class Document:
        pass

    def kept(size):
        document = Document()
        alive = weakref.ref(document)
        burst.keep_until_exit(document, size)
        del document
        return alive() is not None

    print(kept(10))  # not a burst: nothing is kept
    burst.start_burst()
    print(kept(10))
    print(kept(burst.KEPT_TEXT_BUDGET))  # beyond the budget: freed as usual
    print(kept(burst.KEPT_TEXT_BUDGET - 10))  # what is left of it
    """
)


def test_a_burst_keeps_documents_within_its_budget() -> None:
    done = subprocess.run(
        [sys.executable, "-c", _CHILD], capture_output=True, text=True, check=True
    )
    assert done.stdout.split() == ["False", "True", "False", "True"]
