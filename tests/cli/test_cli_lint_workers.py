"""``asl lint`` over many files in worker processes: the same report, byte for byte, as linting
them in one process, in every format and with ``--fix``; a worker that dies loses nothing."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from asl_lsp.cli.lint_pool import MIN_FILES_PER_WORKER
from asl_lsp.worker_pool import MAX_TICKETS, can_fork, map_in_shares
from tests.asl_cli import run_asl as asl
from tests.cli.test_cli_definition_uri import TEMPLATE as FLOW_TEMPLATE
from tests.shared_path import REPO_ROOT, shared_dir

pytestmark = pytest.mark.skipif(not can_fork(), reason="workers are forked; this platform cannot")

EXAMPLES = REPO_ROOT / "examples"
# The template of the DefinitionUri tests, with a second, missing definition (a refusal).
TEMPLATE = (
    FLOW_TEMPLATE
    + """\
  Missing:
    Type: AWS::Serverless::StateMachine
    Properties:
      DefinitionUri: statemachine/missing.asl.json
"""
)


@pytest.fixture()
def folder(tmp_path: Path) -> Path:
    """Enough files for two workers: definitions with safe and unsafe fixes, clean ones, YAML,
    an unreadable file, and a template whose DefinitionUri leads outside discovery."""
    root = tmp_path / "defs"
    root.mkdir()
    sources = [
        EXAMPLES / "mistakes.asl.json",
        EXAMPLES / "hello-world.asl.json",
        EXAMPLES / "hello-world.asl.yaml",
        EXAMPLES / "jsonata-distributed-map.asl.json",
    ]
    for index in range(3 * MIN_FILES_PER_WORKER):
        source = sources[index % len(sources)]
        shutil.copy(source, root / f"{index:03d}-{source.name}")
    (root / "050-latin1.asl.json").write_bytes(b'{"Comment": "caf\xe9"}')
    pattern = root / "pattern"
    (pattern / "statemachine").mkdir(parents=True)
    (pattern / "template.yaml").write_text(TEMPLATE, encoding="utf-8")
    shutil.copy(EXAMPLES / "mistakes.asl.json", pattern / "statemachine" / "flow.asl.json")
    return root


@pytest.mark.parametrize("fmt", ["text", "json", "sarif", "github"])
def test_workers_report_exactly_what_one_process_reports(folder: Path, fmt: str) -> None:
    alone = asl("lint", "--format", fmt, "-n", "0", ".", cwd=folder)
    shared = asl("lint", "--format", fmt, "-n", "2", ".", cwd=folder)
    assert alone.returncode == shared.returncode == 2, alone.stderr  # the unreadable file
    assert "050-latin1.asl.json: not UTF-8" in alone.stderr
    assert shared.stdout == alone.stdout
    assert shared.stderr == alone.stderr
    if fmt == "json":
        files = json.loads(shared.stdout)["files"]
        assert len(files) == 3 * MIN_FILES_PER_WORKER + 3  # + latin1, template, flow.asl.json
        fixes = [d["fix"] for f in files for d in f["diagnostics"] if d.get("fix")]
        assert {fix["safe"] for fix in fixes} == {True, False}  # unsafe fixes survive the trip


def test_stdin_keeps_its_place_among_the_files(folder: Path) -> None:
    text = (EXAMPLES / "mistakes.asl.json").read_text(encoding="utf-8")
    names = sorted(p.name for p in folder.glob("*.asl.*"))[: 2 * MIN_FILES_PER_WORKER]
    args = ["lint", "--format", "json", *names[:20], "-", *names[20:]]

    def run(workers: str) -> str:
        return asl(*args, "-n", workers, cwd=folder, stdin=text).stdout

    shared = run("2")
    assert shared == run("0")
    paths = [f["path"] for f in json.loads(shared)["files"]]
    assert paths[20] == "<stdin>"


def test_fix_with_workers_writes_what_one_process_writes(tmp_path: Path, folder: Path) -> None:
    other = tmp_path / "other"
    shutil.copytree(folder, other)
    alone = asl("lint", "--fix", "--unsafe-fixes", "-n", "0", ".", cwd=folder)
    shared = asl("lint", "--fix", "--unsafe-fixes", "-n", "2", ".", cwd=other)
    assert shared.stdout == alone.stdout
    written = sorted(p.relative_to(folder) for p in folder.rglob("*") if p.is_file())
    assert written == sorted(p.relative_to(other) for p in other.rglob("*") if p.is_file())
    for relative in written:
        assert (other / relative).read_bytes() == (folder / relative).read_bytes(), relative
    fixed = (folder / "000-mistakes.asl.json").read_text(encoding="utf-8")
    assert fixed != (EXAMPLES / "mistakes.asl.json").read_text(encoding="utf-8")


def test_the_corpus_with_workers_matches_one_process() -> None:
    corpus = shared_dir() / "corpus"
    alone = asl("lint", "--format", "json", "-n", "0", str(corpus), cwd=REPO_ROOT)
    shared = asl("lint", "--format", "json", "-n", "2", str(corpus), cwd=REPO_ROOT)
    assert alone.returncode == shared.returncode
    assert len(json.loads(shared.stdout)["files"]) > 400
    assert shared.stdout == alone.stdout


def test_negative_workers_is_a_usage_error(folder: Path) -> None:
    result = asl("lint", "-n", "-1", ".", cwd=folder)
    assert result.returncode == 2
    assert result.stderr.strip() == "asl lint: --workers must be 0 or more"


def _square_unless_child(item: int, parent: int) -> int:
    if os.getpid() != parent:
        os._exit(3)  # every worker dies at its first item, with the items it took
    return item * item


def test_a_dead_worker_items_are_worked_out_by_the_parent() -> None:
    items = list(range(40))
    parent = os.getpid()
    results = map_in_shares(
        lambda item: _square_unless_child(item, parent), items, [1] * len(items), 3
    )
    assert results == [item * item for item in items]


def test_results_come_back_in_item_order() -> None:
    items = list(range(100))
    weights = [(item * 37) % 11 for item in items]
    assert map_in_shares(str, items, weights, 4) == [str(item) for item in items]


def test_more_items_than_tickets_share_runs_of_items() -> None:
    items = list(range(3 * MAX_TICKETS + 5))
    assert map_in_shares(str, items, [1] * len(items), 2) == [str(item) for item in items]


def test_every_process_takes_items() -> None:
    pids = map_in_shares(_slow_pid, list(range(64)), [1] * 64, 2)
    assert len(set(pids)) == 2  # the command's own process and one worker


def _slow_pid(item: int) -> int:
    import time

    time.sleep(0.002)  # long enough that the worker starts before the queue is empty
    return os.getpid()


def _square_until_fifth(item: int, parent: int) -> int:
    if item % 5 == 4 and os.getpid() != parent:
        os._exit(3)  # a worker dies after it has sent some of its results
    return item * item


def test_what_a_dead_worker_sent_is_kept_and_the_rest_worked_out() -> None:
    items = list(range(60))
    parent = os.getpid()
    results = map_in_shares(
        lambda item: _square_until_fifth(item, parent), items, [1] * len(items), 2
    )
    assert results == [item * item for item in items]


def test_results_larger_than_a_pipe_come_back_whole() -> None:
    items = list(range(40))
    results = map_in_shares(lambda item: str(item) * 50_000, items, [1] * len(items), 2)
    assert results == [str(item) * 50_000 for item in items]
