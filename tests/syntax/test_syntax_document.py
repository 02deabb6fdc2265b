"""parse_source / read_source_file: format detection, document kinds, hostile files, the corpus."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from asl_lsp.diagnostic import Severity
from asl_lsp.syntax.document import (
    SourceReadError,
    detect_format,
    parse_source,
    read_source_file,
)
from asl_lsp.syntax.nodes import ArrayNode, ObjectNode
from tests.shared_path import shared_dir

HERE = Path(__file__).resolve().parent


def test_format_detection() -> None:
    assert detect_format("{}", None, "asl") == "json"
    assert detect_format("a: 1", None, "asl-yaml") == "yaml"
    assert detect_format("a: 1", "x.asl.json") == "json"
    assert detect_format("{}", "x.asl.yml") == "yaml"
    # One language id for every file of a server (eglot < 1.15): the extension decides.
    assert detect_format("a: 1", "/w/x.asl.yaml", "asl-json") == "yaml"
    assert detect_format("{}", "/w/x.asl.json", "asl-yaml") == "json"
    assert detect_format("  {", "stack.template") == "json"
    assert detect_format("Resources: {}", "stack.template") == "yaml"
    assert detect_format("") == "json"
    assert detect_format("\n  [1]") == "json"


def test_plain_asl_document() -> None:
    text = (HERE / "fixtures" / "sixty-lines.asl.json").read_text(encoding="utf-8")
    doc = parse_source(text, "sixty-lines.asl.json")
    assert (doc.kind, doc.format, doc.diagnostics) == ("asl", "json", ())
    (definition,) = doc.definitions
    assert definition.pointer == () and definition.name is None
    assert not definition.placeholders
    assert definition.root is doc.root
    value = definition.value()
    assert value is definition.value()  # computed once
    assert value == json.loads(text)
    assert doc.lines.line_count == len(text.splitlines()) + 1


def test_placeholders_flag() -> None:
    doc = parse_source('{"StartAt": "A", "States": {"A": {"Type": "Task", "Resource": "${Fn}"}}}')
    assert doc.definitions[0].placeholders


def test_yaml_asl_document() -> None:
    doc = parse_source("StartAt: A\nStates:\n  A: {Type: Succeed}\n", "flow.asl.yaml")
    assert (doc.kind, doc.format) == ("asl", "yaml")
    assert doc.definitions[0].value() == {"StartAt": "A", "States": {"A": {"Type": "Succeed"}}}


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "expected a JSON object with StartAt and States (the file is empty)"),
        ("  \n", "expected a JSON object with StartAt and States (the file is empty)"),
        ("[]", "expected a JSON object with StartAt and States"),
        ("null", "expected a JSON object with StartAt and States"),
        ('{"Comment": "no states"}', "expected a JSON object with StartAt and States"),
    ],
)
def test_not_a_state_machine(text: str, message: str) -> None:
    doc = parse_source(text, "x.asl.json")
    assert doc.kind == "other" and doc.definitions == ()
    assert [(d.code, d.rule, d.message) for d in doc.diagnostics] == [
        ("ASL004", "not-a-state-machine", message)
    ]
    assert doc.diagnostics[0].severity is Severity.ERROR


def test_yaml_without_content_or_with_a_scalar() -> None:
    only_comment = parse_source("# nothing here\n", "x.asl.yaml")
    assert [d.message for d in only_comment.diagnostics] == [
        "expected a YAML mapping with StartAt and States (the file is empty)"
    ]
    scalar = parse_source("hello\n", "x.asl.yaml")
    assert [d.message for d in scalar.diagnostics] == [
        "expected a YAML mapping with StartAt and States"
    ]


def test_not_a_state_machine_is_a_warning_outside_asl_files() -> None:
    doc = parse_source('{"name": "package"}', "package.json")
    assert doc.diagnostics[0].severity is Severity.WARNING


def test_unparseable_documents_still_give_a_document() -> None:
    doc = parse_source("a: [1\n", "x.asl.yaml")
    assert doc.root is None and doc.kind == "other"
    assert [d.code for d in doc.diagnostics] == ["ASL001"]
    garbage = parse_source("\x00\x01\x02\xff\ufffd" * 50)
    assert garbage.kind == "other"
    assert garbage.diagnostics


def test_ten_thousand_levels_of_nesting() -> None:
    doc = parse_source('{"StartAt": "A", "States": ' + "[" * 10_000 + "]" * 10_000 + "}")
    assert doc.kind == "asl"
    states = doc.definitions[0].root.get("States")
    assert isinstance(states, ArrayNode)
    assert any("nesting deeper than" in d.message for d in doc.diagnostics)


def test_read_source_file_errors(tmp_path: Path) -> None:
    good = tmp_path / "good.asl.json"
    good.write_bytes(b"\xef\xbb\xbf{}")
    assert read_source_file(good) == "{}"
    bad = tmp_path / "bad.asl.json"
    bad.write_bytes(b'{"a": "' + b"x" * 5 + b'\xff"}')
    with pytest.raises(SourceReadError, match=r"^not UTF-8 \(invalid byte 0xff at offset 12\)$"):
        read_source_file(bad)
    binary = tmp_path / "bin.asl.json"
    binary.write_bytes(b"{\x00}")
    with pytest.raises(SourceReadError, match=r"^binary file \(contains NUL bytes\)$"):
        read_source_file(binary)
    big = tmp_path / "big.asl.json"
    with open(big, "wb") as handle:
        handle.truncate(20 * 1024 * 1024)
    with pytest.raises(SourceReadError, match=r"^file too large \(20\.0 MB; the limit is 16 MB\)$"):
        read_source_file(big)
    with pytest.raises(SourceReadError, match=r"^No such file$"):
        read_source_file(tmp_path / "missing.json")
    with pytest.raises(SourceReadError, match=r"^is a directory$"):
        read_source_file(tmp_path)
    if os.geteuid() != 0:  # root reads anything
        locked = tmp_path / "locked.json"
        locked.write_text("{}")
        locked.chmod(0)
        with pytest.raises(SourceReadError, match=r"^Permission denied$"):
            read_source_file(locked)


def test_read_source_file_reads_whole_files(tmp_path: Path) -> None:
    for size in (0, 1, 4095, 4096, 65537):
        path = tmp_path / f"f{size}.json"
        path.write_text("a" * size, encoding="utf-8")
        assert read_source_file(path) == "a" * size
    exact = tmp_path / "exact.json"
    exact.write_text("b" * 10, encoding="utf-8")
    assert read_source_file(exact, max_bytes=10) == "b" * 10


def test_read_source_file_reads_past_a_short_stat_size() -> None:
    """A file longer than fstat said (it grew, or /proc reports 0) is read on to the limit."""
    status = Path("/proc/self/status")
    if not status.is_file():
        pytest.skip("no /proc/self/status: a regular file whose size fstat reports as 0")
    assert os.stat(status).st_size == 0
    assert read_source_file(status).startswith("Name:")
    with pytest.raises(SourceReadError, match=r"^file too large \(over "):
        read_source_file(status, max_bytes=100)


def test_every_corpus_file_parses() -> None:
    corpus = shared_dir() / "corpus"
    entries = [json.loads(line) for line in (corpus / "manifest.jsonl").read_text().splitlines()]
    assert len(entries) > 300
    for entry in entries:
        text = read_source_file(corpus / entry["path"])
        doc = parse_source(text, entry["path"])
        assert doc.format == entry["format"], entry["path"]
        assert doc.kind == "asl", entry["path"]
        assert isinstance(doc.definitions[0].root, ObjectNode)
        for diagnostic in doc.diagnostics:
            assert 0 <= diagnostic.span.start <= diagnostic.span.end <= len(text)
        if entry["expected"] in ("valid", "presumed-valid"):
            assert not [d for d in doc.diagnostics if d.code in ("ASL001", "ASL002")], entry["path"]
        if entry["placeholders"]:
            assert doc.definitions[0].placeholders, entry["path"]
