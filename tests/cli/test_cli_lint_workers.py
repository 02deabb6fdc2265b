"""``asl lint`` over many files in worker processes: the same report, byte for byte, as linting
them in one process, in every format and with ``--fix``; a worker that dies loses nothing."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from asl_lsp.cli.lint_pool import MIN_FILES_PER_WORKER
from asl_lsp.worker_pool import balanced_shares, can_fork, map_in_shares
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
    if item == 7 and os.getpid() != parent:
        os._exit(3)  # this worker dies halfway through its share
    return item * item


def test_a_dead_worker_share_is_worked_out_by_the_parent() -> None:
    items = list(range(40))
    assert 7 not in balanced_shares([1] * len(items), 3)[0]  # a child's item, not this process's
    parent = os.getpid()
    results = map_in_shares(
        lambda item: _square_unless_child(item, parent), items, [1] * len(items), 3
    )
    assert results == [item * item for item in items]


def test_results_come_back_in_item_order() -> None:
    items = list(range(100))
    weights = [(item * 37) % 11 for item in items]
    assert map_in_shares(str, items, weights, 4) == [str(item) for item in items]


def test_shares_are_balanced_by_weight() -> None:
    weights = [100, 1, 1, 1, 50, 50, 1, 1]
    shares = balanced_shares(weights, 2)
    assert sorted(i for share in shares for i in share) == list(range(len(weights)))
    totals = [sum(weights[i] for i in share) for share in shares]
    assert max(totals) - min(totals) <= max(weights) // 2
    assert all(share == sorted(share) for share in shares)
