"""``asl lint PATH...``: lint files, folders and templates; print text, JSON, SARIF or GitHub
output.

Exit codes: 0 no error-severity finding, 1 findings, 2 usage or I/O error (a file that cannot be
read is reported in one line and the other files are still linted).
"""

from __future__ import annotations

import argparse
import errno
import os
import stat
import sys
from collections.abc import Callable, Mapping
from functools import partial
from pathlib import Path
from typing import TextIO

from asl_lsp.cli.lint_file import FixOptions, LintJob, lint_text
from asl_lsp.cli.lint_pool import lint_files
from asl_lsp.diagnostic import Severity
from asl_lsp.gcpause import gc_paused
from asl_lsp.lint.config import ConfigError, LintConfig, config_from_mapping, parse_severity
from asl_lsp.project_config import find_config_file, read_config_table
from asl_lsp.report.definition_uri import Followed, is_inside, refusal, resolve_reference
from asl_lsp.report.discovery import iter_files
from asl_lsp.report.results import RunResult
from asl_lsp.syntax.document import MAX_FILE_BYTES, SourceReadError

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
    parser.add_argument(
        "-n",
        "--workers",
        type=int,
        metavar="N",
        help="worker processes for many files (default: one per CPU; 0 lints in this process)",
    )


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


class LintRun:
    """What one ``asl lint`` run learns about the file system and keeps until it ends: the
    configuration of each folder, the config file nearest each folder, resolved folders.

    Paths are handled as the strings of ``Path`` objects (pathlib's spelling: no ``.`` parts,
    no trailing separator) with ``os.path``: a run over a folder of definitions asks the same
    few questions of every file, and pathlib's objects made each answer cost several times
    the system call behind it.
    """

    def __init__(self, args: argparse.Namespace) -> None:
        self.args = args
        self._configs_of: dict[str, LintConfig] = {}  # resolved folder -> configuration
        self._config_files: dict[str, Path | None] = {}  # folder -> nearest config file
        # Folders that share a config file share one LintConfig (and its memo of enabled rules).
        self._by_source: dict[Path | None, LintConfig] = {}
        self._resolved_dirs: dict[str, str] = {}  # folder as given -> resolved
        self._displays: dict[str, str] = {}  # folder as given -> as the report names it
        self._cwd: str | None = None
        self.not_links: set[str] = set()  # files known not to be symbolic links
        self.sizes: dict[str, int] = {}  # sizes of the files named, from their one stat
        self.roots: list[Path] = []  # folders named on the command line, resolved
        self.seen: set[str] = set()  # files linted (resolved), each once
        self.reached_only_by_reference: set[str] = set()  # linted, never rewritten by --fix

    def config_for(self, anchor: Path) -> LintConfig:
        """The configuration in force for files in ``anchor`` (a resolved folder)."""
        return self.config_of(str(anchor))

    def config_of(self, folder: str) -> LintConfig:
        """:meth:`config_for` the resolved folder spelled ``folder``: its config file is looked
        for once per folder, and each config file read once."""
        config = self._configs_of.get(folder)
        if config is None:
            config = self._configs_of[folder] = self._config_in(self._config_file(folder))
        return config

    def _config_file(self, folder: str) -> Path | None:
        args = self.args
        if args.no_config:
            return None
        if args.config:
            return Path(args.config)
        return find_config_file(folder, self._config_files, resolved=True)

    def _config_in(self, source: Path | None) -> LintConfig:
        """The configuration read from ``source`` (None: the defaults), with the flags applied."""
        config = self._by_source.get(source)
        if config is None:
            base = (
                LintConfig()
                if source is None
                else config_from_mapping(read_config_table(source), str(source))
            )
            args = self.args
            config = self._by_source[source] = base.merged(
                select=_codes(args.select) or None,
                ignore=_codes(args.ignore) or None,
                extend_select=_codes(args.extend_select) or None,
                severity=_severity_overrides(args.severity) or None,
            )
        return config

    def resolve(self, path: Path) -> Path:
        """``path.resolve()``, built from the resolved folder above it (see :meth:`resolved`)."""
        return Path(self.resolved(str(path)))

    def resolved(self, path: str) -> str:
        """``Path(path).resolve()`` as a string, built from the resolved folder above it: a run
        over many files and folders looks at each folder once, not at every ancestor of every
        file."""
        head, name = os.path.split(path)
        if name in ("", ".", "..") or (path not in self.not_links and os.path.islink(path)):
            return str(Path(path).resolve())
        return _joined(self._resolve_dir(head or "."), name)

    def _resolve_dir(self, folder: str) -> str:
        resolved = self._resolved_dirs.get(folder)
        if resolved is None:
            head, name = os.path.split(folder)
            if name in ("", ".", "..") or os.path.islink(folder):
                resolved = str(Path(folder).resolve())
            else:
                resolved = _joined(self._resolve_dir(head or "."), name)
            self._resolved_dirs[folder] = resolved
        return resolved

    def display(self, path: str) -> str:
        """How the report names ``path``: relative to the working folder (``os.path.relpath``),
        worked out once per folder."""
        head, name = os.path.split(path)
        if name in ("", ".", ".."):
            return _display(Path(path))
        shown = self._displays.get(head)
        if shown is None:
            if self._cwd is None:
                self._cwd = os.getcwd()
            try:
                shown = os.path.relpath(head or ".", self._cwd)
            except ValueError:  # another drive (Windows): named as given
                shown = head
            self._displays[head] = shown
        if not shown:
            return path
        return name if shown == "." else os.path.join(shown, name)

    def is_included(self, path: Path) -> bool:
        """Whether an ``include`` glob of the configuration in force names ``path``."""
        try:
            config = self.config_of(os.path.dirname(self.resolved(str(path))))
        except ConfigError:
            return False  # reported when a file of that folder is linted
        return bool(config.include) and config.is_included(self.display(str(path)))


def _joined(folder: str, name: str) -> str:
    """``str(Path(folder) / name)`` for a resolved ``folder`` and a plain ``name``."""
    return folder + name if folder.endswith(os.sep) else folder + os.sep + name


def _display(path: Path) -> str:
    try:
        return os.path.relpath(path)
    except ValueError:
        return str(path)


def _kind(path: Path) -> tuple[str | None, bool, int]:
    """``"folder"`` or ``"file"`` for what ``path`` names (symbolic links followed), or None when
    it does not exist, whether ``path`` is a symbolic link, and the size of what it names:
    ``path.exists()``, ``path.is_dir()`` and ``path.is_symlink()`` in one system call (two for
    a link)."""
    try:
        info = os.lstat(path)
        link = stat.S_ISLNK(info.st_mode)
        if link:
            info = os.stat(path)
    except OSError as error:
        if error.errno not in _MISSING and getattr(error, "winerror", None) not in _MISSING_WIN:
            raise
        return None, False, 0
    except ValueError:  # a NUL in the name
        return None, False, 0
    return ("folder" if stat.S_ISDIR(info.st_mode) else "file"), link, info.st_size


# The errors that pathlib's ``exists()`` takes for "no such path" (pathlib._IGNORED_ERRNOS and
# _IGNORED_WINERRORS).
_MISSING = frozenset({errno.ENOENT, errno.ENOTDIR, errno.EBADF, errno.ELOOP})
_MISSING_WIN = frozenset({21, 123, 1921})


def run(args: argparse.Namespace) -> int:
    """``asl lint``, with the cyclic garbage collector paused from start to exit.

    The whole command is one burst of allocation: trees, models and findings, then the report.
    Documents hold no reference cycles, so reference counting frees each file's tree when its
    findings are kept; a collection could only walk the live heap again without finding
    garbage (on 100,000 findings that walk took about a third of a second each time).
    """
    with gc_paused():
        return _run(args)


def _run(args: argparse.Namespace) -> int:
    paths: list[str] = args.paths or (["-"] if args.stdin_filename else [])
    if not paths:
        print("asl lint: no paths given (try 'asl lint .' or 'asl lint --help')", file=sys.stderr)
        return 2
    if args.workers is not None and args.workers < 0:
        print("asl lint: --workers must be 0 or more", file=sys.stderr)
        return 2
    session = LintRun(args)
    try:
        session.config_for(Path.cwd())  # validate flags and the config file once, up front
    except ConfigError as error:
        print(f"asl lint: {error}", file=sys.stderr)
        return 2
    exit_code = 0
    # Each file, and whether it was named (not only found in a folder); None is standard input.
    wave: list[tuple[Path | None, bool]] = []
    for raw in paths:
        if raw == "-":
            wave.append((None, True))
            continue
        path = Path(raw)
        kind, link, size = _kind(path)
        if kind is None:
            print(f"asl lint: {raw}: no such file or folder", file=sys.stderr)
            exit_code = 2
            continue
        if kind == "folder":
            session.roots.append(path.resolve())
            wave.extend(iter_files([path], session.is_included))
        else:
            wave.append((path, True))  # what iter_files gives for a file
            name = str(path)
            session.sizes[name] = size
            if not link:
                session.not_links.add(name)
    result = RunResult()
    while wave:  # the files named, then the files their DefinitionUri references lead to
        plan = _plan(session, wave)
        if plan is None:
            return 2
        wave, failed = _lint_wave(session, plan, result)
        exit_code = exit_code or failed
    if exit_code and not result.files and args.format == "text":
        return exit_code  # the error says it all; no "All checks passed (0 files)"
    _emit(args, result)
    if exit_code:
        return exit_code
    if args.exit_zero:
        return 0
    return 1 if result.count(Severity.ERROR) else 0


def _plan(
    session: LintRun, wave: list[tuple[Path | None, bool]]
) -> list[tuple[LintJob, str] | None] | None:
    """The files of ``wave`` to lint, each once, with the configuration in force for it and its
    resolved path (None stands for standard input); None when a configuration file is broken."""
    plan: list[tuple[LintJob, str] | None] = []
    for path, explicit in wave:
        if path is None:
            plan.append(None)
            continue
        name = str(path)
        resolved = session.resolved(name)
        if resolved in session.seen:
            continue
        session.seen.add(resolved)
        display = session.display(name)
        try:
            config = session.config_of(os.path.dirname(resolved))
        except ConfigError as error:
            print(f"asl lint: {error}", file=sys.stderr)
            return None
        if config.exclude and config.is_excluded(display) and not explicit:
            continue
        plan.append((LintJob(path, display, config, session.sizes.get(name, -1)), resolved))
    return plan


def _lint_wave(
    session: LintRun, plan: list[tuple[LintJob, str] | None], result: RunResult
) -> tuple[list[tuple[Path | None, bool]], int]:
    """Lint the files of ``plan`` into ``result``, in order; return the files their
    ``DefinitionUri`` references lead to (the next wave) and 2 when some file failed."""
    args = session.args
    options = FixOptions(args.fix, args.unsafe_fixes)
    jobs = [entry[0] for entry in plan if entry is not None]
    outcomes = lint_files(jobs, options, args.workers, _shows_unsafe_fixes(args))
    next_wave: list[tuple[Path | None, bool]] = []
    exit_code = 0
    for entry in plan:
        if entry is None:
            exit_code = _lint_stdin(session, options, result) or exit_code
            continue
        job, resolved = entry
        outcome = next(outcomes)
        file_result = outcome.file_result()
        result.files.append(file_result)
        if outcome.error is not None:
            print(f"asl lint: {job.display}: {outcome.error}", file=sys.stderr)
            exit_code = 2
            continue
        if not _write_fixes(session, job, resolved, outcome.fixed_text):
            exit_code = 2
        for reference in outcome.externals:
            target = resolve_reference(reference, Path(resolved), session.roots)
            if isinstance(target, Followed):
                next_wave.append((target.path, True))
                if not any(is_inside(target.path, root) for root in session.roots):
                    session.reached_only_by_reference.add(str(target.path))
            else:
                finding = refusal(reference, target.reason)
                if job.config.is_enabled(finding.code, finding.rule, job.display):
                    file_result.diagnostics.append(finding)
                    file_result.diagnostics.sort(key=lambda d: (d.span.start, d.span.end))
    return next_wave, exit_code


def _shows_unsafe_fixes(args: argparse.Namespace) -> bool:
    """Whether the report shows fixes that change behaviour: only the JSON report does (the
    others mark, and count, safe fixes only)."""
    return bool(args.format == "json")


def _write_fixes(session: LintRun, job: LintJob, resolved: str, fixed: str | None) -> bool:
    """Write the fixed text of a file back; False when that failed."""
    if fixed is None:
        return True
    if resolved in session.reached_only_by_reference:
        print(
            f"asl lint: {job.display}: fixes not written (reached through a DefinitionUri only; "
            "name the file or its folder to fix it)",
            file=sys.stderr,
        )
        return True
    try:
        job.path.write_text(fixed, encoding="utf-8")
    except OSError as error:
        print(f"asl lint: {job.display}: cannot write fixes: {error}", file=sys.stderr)
        return False
    return True


def _lint_stdin(session: LintRun, options: FixOptions, result: RunResult) -> int:
    """Lint standard input into ``result`` (its fixed text goes to standard output); 2 when
    it cannot be read."""
    display = session.args.stdin_filename or "<stdin>"
    try:
        config = session.config_for(Path(display).resolve().parent)
        data = sys.stdin.buffer.read(MAX_FILE_BYTES + 1)
        if len(data) > MAX_FILE_BYTES:
            raise SourceReadError(
                f"input too large (more than {MAX_FILE_BYTES // (1024 * 1024)} MB)"
            )
        text = _decode_stdin(data)
    except (ConfigError, SourceReadError) as error:
        print(f"asl lint: {display}: {error}", file=sys.stderr)
        return 2
    outcome = lint_text(text, display, config, options, _shows_unsafe_fixes(session.args))
    if outcome.fixed_text is not None:
        sys.stdout.write(outcome.fixed_text)
    result.files.append(outcome.file_result())
    return 0


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
    """Write the report. Every format is streamed: a report with many findings is never held
    whole in memory."""
    write = _writer(args)
    if args.output:
        with open(args.output, "w", encoding="utf-8") as handle:
            write(result, handle)
    else:
        write(result, sys.stdout)


def _writer(args: argparse.Namespace) -> Callable[[RunResult, TextIO], None]:
    """The chosen format's writer."""
    if args.format == "json":
        # Imported here: only the chosen format loads.
        from asl_lsp.report.json_format import write_json

        return write_json
    if args.format == "sarif":
        # Imported here: only the chosen format loads.
        from asl_lsp.report.sarif import write_sarif

        return write_sarif
    if args.format == "github":
        # Imported here: only the chosen format loads.
        from asl_lsp.report.github import write_github

        return write_github
    # Imported here: only the chosen format loads.
    from asl_lsp.report.text import write_text

    stream_is_tty = args.output is None and sys.stdout.isatty()
    colour = colour_wanted(args.color, stream_is_tty, os.environ)
    return partial(write_text, colour=colour, show_frames=not args.no_frame)
