"""``asl lint PATH...``: lint files, folders and templates; print text, JSON, SARIF or GitHub
output.

Exit codes: 0 no error-severity finding, 1 findings, 2 usage or I/O error (a file that cannot be
read is reported in one line and the other files are still linted).
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Mapping
from pathlib import Path

from asl_lsp.diagnostic import Diagnostic, Severity
from asl_lsp.gcpause import gc_paused
from asl_lsp.lint.config import ConfigError, LintConfig, load_config, parse_severity
from asl_lsp.lint.engine import lint_document
from asl_lsp.model.document import build_document
from asl_lsp.report.discovery import iter_files
from asl_lsp.report.results import FileResult, RunResult
from asl_lsp.syntax.document import (
    MAX_FILE_BYTES,
    SourceReadError,
    parse_source,
    read_source_file,
)
from asl_lsp.syntax.positions import LineIndex

FORMATS = ("text", "json", "sarif", "github")


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("paths", nargs="*", metavar="PATH", help="files or folders ('-' = stdin)")
    parser.add_argument("--format", choices=FORMATS, default="text", help="output format")
    parser.add_argument("--select", metavar="CODES", help="comma-separated codes/names to run")
    parser.add_argument("--extend-select", metavar="CODES", help="add to the selected rules")
    parser.add_argument("--ignore", metavar="CODES", help="comma-separated codes/names to skip")
    parser.add_argument(
        "--severity",
        action="append",
        default=[],
        metavar="CODE=LEVEL",
        help="override a rule's severity (error, warning, info, hint, off); repeatable",
    )
    parser.add_argument("--fix", action="store_true", help="apply safe fixes in place")
    parser.add_argument(
        "--unsafe-fixes",
        action="store_true",
        help="with --fix, also apply fixes that change behaviour (e.g. retarget a Next)",
    )
    parser.add_argument(
        "--stdin-filename", metavar="NAME", help="lint standard input as if it were NAME"
    )
    parser.add_argument("--config", metavar="FILE", help="use this .asl-lsp.toml/pyproject.toml")
    parser.add_argument("--no-config", action="store_true", help="ignore configuration files")
    parser.add_argument("--no-frame", action="store_true", help="text output without code frames")
    parser.add_argument(
        "--color",
        choices=("auto", "always", "never"),
        default="auto",
        help="colour text output (default: on a terminal only)",
    )
    parser.add_argument("--exit-zero", action="store_true", help="exit 0 even with findings")
    parser.add_argument("-o", "--output", metavar="FILE", help="write the report to FILE")


def _codes(value: str | None) -> list[str]:
    return [c.strip() for c in value.split(",") if c.strip()] if value else []


def _severity_overrides(values: list[str]) -> dict[str, str]:
    overrides: dict[str, str] = {}
    for item in values:
        code, sep, level = item.partition("=")
        if not sep or not code.strip():
            raise ConfigError(f"--severity expects CODE=LEVEL, got {item!r}")
        overrides[code.strip()] = parse_severity(level)
    return overrides


_CONFIG_CACHE: dict[Path, LintConfig] = {}
_CONFIG_FILES: dict[Path, Path | None] = {}  # folder -> nearest config file, for one run
# Folders that share a config file share one LintConfig (and so its memo of enabled rules).
_CONFIG_BY_SOURCE: dict[str | None, LintConfig] = {}


def _config_for(args: argparse.Namespace, anchor: Path) -> LintConfig:
    """The configuration in force for files in ``anchor``, read once per folder."""
    cached = _CONFIG_CACHE.get(anchor)
    if cached is not None:
        return cached
    if args.no_config:
        base = LintConfig()
    else:
        base = load_config(anchor, Path(args.config) if args.config else None, _CONFIG_FILES)
    config = base.merged(
        select=_codes(args.select) or None,
        ignore=_codes(args.ignore) or None,
        extend_select=_codes(args.extend_select) or None,
        severity=_severity_overrides(args.severity) or None,
    )
    config = _CONFIG_BY_SOURCE.setdefault(config.source, config)
    _CONFIG_CACHE[anchor] = config
    return config


def lint_one(
    text: str, display_path: str, config: LintConfig, fix: bool, unsafe: bool = False
) -> tuple[FileResult, str | None, list[str]]:
    """Lint one text. Returns the result, the fixed text when ``fix`` changed it, and the SAM
    ``DefinitionUri`` paths the text refers to (linted as files of their own)."""
    externals: list[str] = []

    def lint(current: str) -> list[Diagnostic]:
        with gc_paused():
            source = parse_source(current, display_path)
            externals[:] = [d.external_path for d in source.definitions if d.external_path]
            return lint_document(build_document(source), config)

    if fix:
        from asl_lsp.report.fixing import fix_text

        new_text, applied, diagnostics = fix_text(text, lint, safe_only=not unsafe)
        lines = LineIndex(new_text)
        result = FileResult(display_path, diagnostics, lines, new_text, fixed=applied)
        return result, (new_text if new_text != text else None), externals
    return FileResult(display_path, lint(text), LineIndex(text), text), None, externals


_RESOLVED_DIRS: dict[Path, Path] = {}  # folder as given -> resolved, for one run


def _resolve(path: Path) -> Path:
    """``path.resolve()``, resolving each folder once: a folder of many files costs one lookup
    of its ancestors instead of one per file."""
    if path.name in ("", ".", "..") or path.is_symlink():
        return path.resolve()
    parent = path.parent
    resolved = _RESOLVED_DIRS.get(parent)
    if resolved is None:
        resolved = _RESOLVED_DIRS[parent] = parent.resolve()
    return resolved / path.name


def _display(path: Path) -> str:
    try:
        return os.path.relpath(path)
    except ValueError:
        return str(path)


def run(args: argparse.Namespace) -> int:
    paths: list[str] = args.paths or (["-"] if args.stdin_filename else [])
    if not paths:
        print("asl lint: no paths given (try 'asl lint .' or 'asl lint --help')", file=sys.stderr)
        return 2
    _CONFIG_FILES.clear()
    _CONFIG_BY_SOURCE.clear()
    _RESOLVED_DIRS.clear()
    try:
        _config_for(args, Path.cwd())  # validate flags and the config file once, up front
    except ConfigError as error:
        print(f"asl lint: {error}", file=sys.stderr)
        return 2
    result = RunResult()
    exit_code = 0
    seen: set[Path] = set()
    queue: list[tuple[Path | None, bool]] = []
    for raw in paths:
        if raw == "-":
            queue.append((None, True))
            continue
        path = Path(raw)
        if not path.exists():
            print(f"asl lint: {raw}: no such file or folder", file=sys.stderr)
            exit_code = 2
            continue
        queue.extend(iter_files([path]))
    index = 0
    while index < len(queue):
        queued, _explicit = queue[index]
        index += 1
        if queued is None:
            display = args.stdin_filename or "<stdin>"
            try:
                config = _config_for(args, Path(display).resolve().parent)
                data = sys.stdin.buffer.read(MAX_FILE_BYTES + 1)
                if len(data) > MAX_FILE_BYTES:
                    raise SourceReadError(
                        f"input too large (more than {MAX_FILE_BYTES // (1024 * 1024)} MB)"
                    )
                text = _decode_stdin(data)
            except (ConfigError, SourceReadError) as error:
                print(f"asl lint: {display}: {error}", file=sys.stderr)
                exit_code = 2
                continue
            file_result, fixed, _ = lint_one(text, display, config, args.fix, args.unsafe_fixes)
            if fixed is not None:
                sys.stdout.write(fixed)
            result.files.append(file_result)
            continue
        path = queued
        resolved = _resolve(path)
        if resolved in seen:
            continue
        seen.add(resolved)
        display = _display(path)
        try:
            config = _config_for(args, resolved.parent)
        except ConfigError as error:
            print(f"asl lint: {error}", file=sys.stderr)
            return 2
        if config.is_excluded(display) and not _explicit:
            continue
        try:
            text = read_source_file(path)
        except SourceReadError as error:
            print(f"asl lint: {display}: {error}", file=sys.stderr)
            result.files.append(FileResult(display, [], LineIndex(""), "", error=str(error)))
            exit_code = 2
            continue
        file_result, fixed, externals = lint_one(text, display, config, args.fix, args.unsafe_fixes)
        if fixed is not None:
            try:
                path.write_text(fixed, encoding="utf-8")
            except OSError as error:
                print(f"asl lint: {display}: cannot write fixes: {error}", file=sys.stderr)
                exit_code = 2
        result.files.append(file_result)
        for relative in externals:
            external = (path.parent / relative).resolve()
            if external.exists():
                queue.append((external, True))
            else:
                print(
                    f"asl lint: {display}: DefinitionUri {external} does not exist",
                    file=sys.stderr,
                )
                exit_code = 2
    if exit_code and not result.files and args.format == "text":
        return exit_code  # the error says it all; no "All checks passed (0 files)"
    _emit(args, result)
    if exit_code:
        return exit_code
    if args.exit_zero:
        return 0
    return 1 if result.count(Severity.ERROR) else 0


def _decode_stdin(data: bytes) -> str:
    if b"\x00" in data:
        raise SourceReadError("binary input (contains NUL bytes)")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise SourceReadError(
            f"not UTF-8 (invalid byte 0x{data[error.start]:02x} at offset {error.start})"
        ) from None


def colour_wanted(choice: str, stream_is_tty: bool, environ: Mapping[str, str]) -> bool:
    """``--color always|never|auto``; ``auto`` follows NO_COLOR (no-color.org), then
    FORCE_COLOR (force-color.org: colour even when piped, e.g. in CI logs), then the terminal."""
    if choice != "auto":
        return choice == "always"
    if "NO_COLOR" in environ:
        return False
    if environ.get("FORCE_COLOR", "") not in ("", "0", "false"):
        return True
    return stream_is_tty


def _emit(args: argparse.Namespace, result: RunResult) -> None:
    if args.format == "json":
        from asl_lsp.report.json_format import render_json

        output = render_json(result)
    elif args.format == "sarif":
        from asl_lsp.report.sarif import render_sarif

        output = render_sarif(result)
    elif args.format == "github":
        from asl_lsp.report.github import render_github

        output = render_github(result)
    else:
        from asl_lsp.report.text import render_text

        stream_is_tty = args.output is None and sys.stdout.isatty()
        colour = colour_wanted(args.color, stream_is_tty, os.environ)
        output = render_text(result, colour=colour, show_frames=not args.no_frame)
    if args.output:
        Path(args.output).write_text(output, encoding="utf-8")
    else:
        sys.stdout.write(output)
