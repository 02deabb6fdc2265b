"""The language server's collector policy (``gcpause.gc_settled``): what a job leaves alive is
kept out of later collections, reference counting still frees it, and cycles that were frozen
with it are still collected once the frozen objects have grown by a quarter."""

from __future__ import annotations

import gc
import threading
import weakref
from collections.abc import Iterator

import pytest

from asl_lsp import gcpause
from asl_lsp.model.document import parse_document
from tests.model.test_model_acyclic import JSON


@pytest.fixture(autouse=True)
def unfrozen() -> Iterator[None]:
    """Leave the collector as the other tests expect it: nothing frozen, counts reset."""
    yield
    gc.unfreeze()
    gcpause._frozen_at_collection = 0
    gcpause._frozen_since = 0


class Cycle:
    def __init__(self) -> None:
        self.me = self


def test_what_a_job_leaves_alive_is_out_of_later_collections() -> None:
    with gcpause.gc_settled():
        pass  # the first job collects in full and freezes what there is
    with gcpause.gc_settled():
        documents = [parse_document(JSON) for _ in range(50)]
    frozen = gc.get_freeze_count()
    assert gc.get_count()[0] < 1_000  # nothing the job made waits for a young collection
    gc.collect()
    assert gc.get_freeze_count() == frozen  # a collection neither walks nor moves them
    states = weakref.ref(documents[0].definitions[0].machine.root.states["A"])
    del documents
    assert states() is None  # reference counting frees frozen objects as soon as unused
    assert gc.get_freeze_count() < frozen


def test_frozen_cycles_are_collected_once_the_frozen_objects_grow() -> None:
    with gcpause.gc_settled():
        pass
    with gcpause.gc_settled():
        cycle = Cycle()
        gone = weakref.ref(cycle)
        del cycle  # garbage, but frozen with the rest at the end of the job
    gc.collect()
    assert gone() is not None  # out of sight of the collector while frozen
    kept = []
    for _ in range(40):  # jobs that keep what they make, as opening documents does
        with gcpause.gc_settled():
            kept.append([[index] for index in range(5_000)])
        if gone() is None:
            break
    assert gone() is None


def test_jobs_that_free_what_they_replace_never_collect_in_full() -> None:
    """An edit replaces a version by another of about the same size: the frozen objects do not
    grow, so the server never pays for a walk of the whole heap while one document is edited."""
    with gcpause.gc_settled():
        current = parse_document(JSON)
    collections: list[int] = []

    def count(phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            collections.append(info["generation"])

    gc.callbacks.append(count)
    try:
        for _ in range(200):
            with gcpause.gc_settled():
                current = parse_document(JSON)
    finally:
        gc.callbacks.remove(count)
    assert current.definitions
    assert collections == []


def test_a_full_collection_waits_while_another_thread_works() -> None:
    """A full collection holds up every thread for as long as it walks the heap: the job that
    calls for it while another thread is still parsing or linting leaves it to a later job."""
    with gcpause.gc_settled():
        pass
    collections: list[int] = []

    def count(phase: str, info: dict[str, int]) -> None:
        if phase == "start" and info["generation"] == 2:
            collections.append(info["generation"])

    started, finish = threading.Event(), threading.Event()

    def other_work() -> None:
        with gcpause.gc_paused():
            started.set()
            finish.wait(timeout=60)

    other = threading.Thread(target=other_work)
    other.start()
    started.wait(timeout=60)
    gc.callbacks.append(count)
    kept = []
    try:
        for _ in range(40):  # jobs that keep what they make: each calls for a collection
            with gcpause.gc_settled():
                kept.append([[index] for index in range(5_000)])
        assert collections == []  # not while the other thread works
        finish.set()
        other.join(timeout=60)
        with gcpause.gc_settled():
            kept.append([[index] for index in range(5_000)])
        assert collections == [2]  # the first job that runs alone collects
    finally:
        finish.set()
        gc.callbacks.remove(count)
