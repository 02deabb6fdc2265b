"""Run every benchmark and write ``benchmarks/RESULTS.md``: ``python benchmarks/run_all.py``.

Steps: install the peers from npm into ``benchmarks/.cache/peers`` (``npm ci`` against the lock
file in ``benchmarks/peers``), generate the 100 / 1,000 / 5,000-state definitions (JSON and YAML)
into the cache, run the lint and editor benchmarks against the peers, then the server, engine and
graph benchmarks when their scripts exist, and finally check each performance target of the
project's
issues against the measured figures. Results are ratios from one run on one machine; nothing here
is a test.

A benchmark module may offer ``run()`` returning ``(tables, figures)`` (``common.Table`` list and a
``{name: float}`` mapping) or a list of dict rows; otherwise its printed output is kept verbatim.
"""

from __future__ import annotations

import argparse
import datetime
import hashlib
import importlib.util
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import (
    BENCH_DIR,
    CACHE,
    PEER_NAMES,
    PEERS_DIR,
    Figures,
    Table,
    fmt_s,
    log,
)

OTHER_BENCHMARKS = (
    "bench_server",
    "bench_engine",
    "bench_engine_peer",
    "bench_graph",
    "bench_testing",
    "bench_scale",
)


# -- set-up --------------------------------------------------------------------------------------


def install_peers() -> Path:
    """``npm ci`` the pinned peers into the cache unless the same lock file is already installed."""
    target = CACHE / "peers"
    target.mkdir(parents=True, exist_ok=True)
    lock = PEERS_DIR / "package-lock.json"
    digest = hashlib.sha256(
        (PEERS_DIR / "package.json").read_bytes() + (lock.read_bytes() if lock.exists() else b"")
    ).hexdigest()
    stamp = target / ".installed"
    if (target / "node_modules").is_dir() and stamp.exists() and stamp.read_text() == digest:
        log("peers: already installed")
    else:
        shutil.copy2(PEERS_DIR / "package.json", target / "package.json")
        command = ["npm", "install"]
        if lock.exists():
            shutil.copy2(lock, target / "package-lock.json")
            command = ["npm", "ci"]
        log(f"peers: {' '.join(command)} in {target}")
        subprocess.run(
            [*command, "--no-audit", "--no-fund", "--loglevel=error"], cwd=target, check=True
        )
        stamp.write_text(digest)
    modules = target / "node_modules"
    os.environ["PEERS_NODE_MODULES"] = str(modules)
    return modules


def generate_definitions() -> None:
    from generate import dump, generate

    out = CACHE / "defs"
    out.mkdir(parents=True, exist_ok=True)
    for size in (100, 1000, 5000):
        definition = generate(size)
        for fmt in ("json", "yaml"):
            path = out / f"gen-{size}.asl.{fmt}"
            text = dump(definition, fmt == "yaml")
            if not path.exists() or path.read_text(encoding="utf-8") != text:
                path.write_text(text, encoding="utf-8")
    log(f"definitions: {out}")


# -- the machine ---------------------------------------------------------------------------------


def machine() -> list[str]:
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = "unknown"
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                memory = f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
    except OSError:
        pass
    node = subprocess.run(["node", "--version"], capture_output=True, text=True, check=False)
    return [
        f"- CPU: {cpu}, {os.cpu_count()} cores",
        f"- Memory: {memory}",
        f"- OS: {platform.platform()}",
        f"- Python: {platform.python_version()} ({sys.executable})",
        f"- Node: {node.stdout.strip() or 'not found'}",
        f"- Date: {datetime.datetime.now().astimezone().strftime('%Y-%m-%d %H:%M %Z')}",
    ]


# -- other people's benchmarks --------------------------------------------------------------------


@dataclass
class Section:
    title: str
    tables: list[Table]
    verbatim: str = ""
    figures: Figures | None = None
    error: str = ""


def _rows_table(title: str, rows: list[Any]) -> Table:
    """A table from a list of dict rows (or dataclass rows, or sequences)."""
    dicts: list[dict[str, Any]] = []
    for row in rows:
        if isinstance(row, dict):
            dicts.append(row)
        elif hasattr(row, "__dataclass_fields__"):
            dicts.append({k: getattr(row, k) for k in row.__dataclass_fields__})
        else:
            dicts.append({str(i): v for i, v in enumerate(row)})
    headers: list[str] = []
    for d in dicts:
        headers += [k for k in d if k not in headers]
    table = Table(title, headers)
    for d in dicts:
        table.rows.append([_cell(d.get(h, "")) for h in headers])
    return table


def _cell(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:.4g}"
    return str(value)


def run_other(name: str) -> Section | None:
    path = BENCH_DIR / f"{name}.py"
    if not path.exists():
        return None
    log(f"{name}")
    try:
        spec = importlib.util.spec_from_file_location(name, path)
        assert spec and spec.loader
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        runner: Callable[[], Any] | None = getattr(module, "run", None)
        if callable(runner):
            result = runner()
            if isinstance(result, tuple) and len(result) == 2:
                tables, figures = result
                tables = [t if isinstance(t, Table) else _rows_table(name, list(t)) for t in tables]
                return Section(name, tables, figures=dict(figures))
            if isinstance(result, list) and result and isinstance(result[0], Table):
                return Section(name, result)
            return Section(name, [_rows_table(name, list(result or []))])
    except Exception:  # a broken benchmark must not lose the others' results
        log(traceback.format_exc())
        return Section(name, [], error=traceback.format_exc(limit=3).strip().splitlines()[-1])
    done = subprocess.run(
        [sys.executable, str(path)], capture_output=True, text=True, check=False, timeout=1800
    )
    section = Section(name, [], verbatim=done.stdout.strip())
    if done.returncode != 0:
        section.error = f"exit {done.returncode}: " + (done.stderr.strip().splitlines() or [""])[-1]
    return section


# -- targets -------------------------------------------------------------------------------------


@dataclass
class Target:
    issue: str
    target: str
    measured: str
    met: bool | None  # None: not measured


def _met(value: bool | None) -> str:
    return {True: "met", False: "**not met**", None: "not measured"}[value]


def _first(figures: Figures, *keys: str) -> float | None:
    for key in keys:
        value = figures.get(key)
        if value is not None and value == value:
            return value
    return None


def _numbers(text: str, pattern: str) -> list[float]:
    """The first group of every match of ``pattern``, as floats."""
    return [float(m.group(1)) for m in re.finditer(pattern, text)]


def lint_imports_check() -> tuple[bool, str]:
    """`asl lint` must not import the language server (pygls, lsprotocol, asl_lsp.lsp), boto3,
    dataclasses (each `@dataclass` is compiled at every start: see asl_lsp/records.py) or the
    JSONata evaluator (jsonata-python: expressions are checked by asl_lsp/expr/jsonata_syntax.py),
    here for a JSONPath and a JSONata definition."""
    probe = (
        "import sys, json\n"
        "from asl_lsp.cli import main\n"
        "main(['lint', '--exit-zero', '--format', 'json', '-o', '/dev/null', *sys.argv[1:]])\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in "
        "('pygls', 'lsprotocol', 'boto3', 'botocore', 'dataclasses', 'jsonata') "
        "or m.startswith('asl_lsp.lsp'))\n"
        "print(json.dumps(bad))\n"
    )
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            probe,
            str(CACHE / "defs" / "gen-100.asl.json"),
            str(BENCH_DIR.parent / "examples" / "jsonata-distributed-map.asl.json"),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    try:
        bad = json.loads(done.stdout.strip().splitlines()[-1])
    except (ValueError, IndexError):
        return False, f"probe failed: {done.stderr.strip()[-200:]}"
    return not bad, "imports none of them" if not bad else "imports " + ", ".join(bad[:5])


def targets(figures: Figures, texts: dict[str, str]) -> list[Target]:
    out: list[Target] = []

    cold = _first(figures, "lint.cold.100.json.asl")
    peers_cold = [figures.get(f"lint.cold.100.json.{p}") for p in PEER_NAMES]
    peers_cold_known = [p for p in peers_cold if p is not None]
    if cold is not None and peers_cold_known:
        best = min(peers_cold_known)
        out.append(
            Target(
                "2",
                "`asl lint` of a 100-state file cold ≤ fastest peer's cold time",
                f"{fmt_s(cold)} vs {fmt_s(best)} ({best / cold:.2f}x)",
                cold <= best,
            )
        )
    folder = _first(figures, "lint.folder.asl")
    peers_folder = [v for p in PEER_NAMES if (v := figures.get(f"lint.folder.{p}")) is not None]
    if folder is not None and peers_folder:
        best = min(peers_folder)
        count = int(figures.get("lint.folder.files", 0))
        out.append(
            Target(
                "2",
                f"whole folder ({count} definitions) in one command ≤ fastest peer",
                f"{fmt_s(folder)} vs {fmt_s(best)} ({best / folder:.2f}x)",
                folder <= best,
            )
        )
    warm = _first(figures, "lint.warm.5000.json.asl")
    asls = _first(figures, "lint.warm.5000.json.asls")
    if warm is not None and asls is not None:
        out.append(
            Target(
                "2",
                "warm re-lint of the 5,000-state file ≤ ½ of ASLS",
                f"{fmt_s(warm)} vs ASLS {fmt_s(asls)} ({asls / warm:.2f}x)",
                warm <= asls / 2,
            )
        )
    clean, detail = lint_imports_check()
    what = "lint imports neither the language server, boto3, dataclasses nor jsonata"
    out.append(Target("2", what, detail, clean))

    # Server: the real server's figures (bench_server) when it reports them, else the service layer.
    ours = _first(figures, "server.didchange.5000", "editor.validate.5000.asl")
    peer = _first(figures, "editor.validate.5000.asls")
    source = "server" if "server.didchange.5000" in figures else "service layer"
    what = "didChange → diagnostics on 5,000 states ≤ ½ of ASLS validation"
    if ours is not None and peer is not None:
        out.append(
            Target(
                "3",
                what,
                f"{fmt_s(ours)} ({source}) vs ASLS {fmt_s(peer)} ({peer / ours:.2f}x)",
                ours <= peer / 2,
            )
        )
    else:
        out.append(Target("3", what, "not measured", None))
    for op in ("complete", "hover"):
        for size, limit in ((5000, 0.050), (100, 0.020)):
            ours = _first(figures, f"server.{op}.{size}", f"editor.{op}.{size}.asl")
            source = "server" if f"server.{op}.{size}" in figures else "service layer"
            label = "completion" if op == "complete" else "hover"
            what = f"{label} on {size:,} states < {limit * 1000:.0f} ms"
            if ours is None:
                out.append(Target("3", what, "not measured (feature missing)", None))
            else:
                out.append(Target("3", what, f"{fmt_s(ours)} ({source})", ours < limit))

    engine_text = texts.get("bench_engine", "")
    speedup = _first(figures, "engine.speedup.min")
    if speedup is None:
        found = _numbers(engine_text, r"([\d.]+)\s*x\b")
        speedup = min(found) if found else None
    out.append(
        Target(
            "5",
            "engine ≥ 10x moto's transitions per second (every case)",
            f"worst case {speedup:.1f}x" if speedup is not None else "not measured",
            None if speedup is None else speedup >= 10,
        )
    )
    map_time = _first(figures, "engine.map1000.s")
    if map_time is None:
        found = _numbers(engine_text, r"1,000-item Map[^:]*: ([\d.]+) s")
        map_time = found[0] if found else None
    out.append(
        Target(
            "5",
            "a 1,000-item Map in under 1 s",
            fmt_s(map_time) if map_time is not None else "not measured",
            None if map_time is None else map_time < 1.0,
        )
    )

    out.extend(speed_targets(figures))
    out.extend(scale_targets(figures))

    graph = _first(figures, "graph.svg.1000.s")
    if graph is None:
        pattern = re.compile(r"(\d+) states: asl graph -> SVG ([\d.]+) s")
        sized = [
            (abs(int(m.group(1)) - 1000), float(m.group(2)))
            for m in pattern.finditer(texts.get("bench_graph", ""))
        ]
        graph = min(sized)[1] if sized else None
    out.append(
        Target(
            "6",
            "`asl graph` of a 1,000-state definition to SVG < 2 s",
            fmt_s(graph) if graph is not None else "not measured",
            None if graph is None else graph < 2.0,
        )
    )
    return out


def _ratio_target(
    what: str, ours: float | None, peer: float | None, peer_label: str, limit: float
) -> Target:
    """A target of the form ``ours <= limit x peer`` (both measured in this run)."""
    if ours is None or peer is None:
        return Target("13", what, "not measured", None)
    return Target(
        "13",
        what,
        f"{fmt_s(ours)} vs {peer_label} {fmt_s(peer)} ({ours / peer:.2f}x of the peer)",
        ours <= limit * peer,
    )


def _limit_target(what: str, ours: float | None, limit: float) -> Target:
    if ours is None:
        return Target("13", what, "not measured", None)
    return Target("13", what, fmt_s(ours), ours <= limit)


def speed_targets(figures: Figures) -> list[Target]:
    """The speed targets: the real server over stdio, cold lint, the engine against its peer."""
    asls = _first(figures, "editor.validate.5000.asls")
    out = [
        _ratio_target(
            "server: didChange → diagnostics, 5,000 states ≤ 0.05x ASLS validation",
            _first(figures, "server.didchange.5000"),
            asls,
            "ASLS",
            0.05,
        ),
        _limit_target(
            "server: didChange → diagnostics, 100 states ≤ 5 ms",
            _first(figures, "server.didchange.100"),
            0.005,
        ),
        _limit_target(
            "server: completion on 5,000 states, first after an edit ≤ 10 ms",
            _first(figures, "server.complete.5000"),
            0.010,
        ),
        _limit_target(
            "server: hover on 5,000 states, first after an edit ≤ 2 ms",
            _first(figures, "server.hover.5000"),
            0.002,
        ),
        _ratio_target(
            "cold `asl lint` of the 5,000-state file ≤ 0.5x statelint",
            _first(figures, "lint.cold.5000.json.asl"),
            _first(figures, "lint.cold.5000.json.statelint"),
            "statelint",
            0.5,
        ),
        _ratio_target(
            "the corpus folder ≤ 0.5x statelint",
            _first(figures, "lint.folder.asl"),
            _first(figures, "lint.folder.statelint"),
            "statelint",
            0.5,
        ),
    ]
    for key, label in (
        ("pass", "1,000-state Pass chain"),
        ("map", "Map over 1,000 items with a task handler"),
        ("parallel", "Parallel of 50 Pass branches"),
    ):
        out.append(
            _ratio_target(
                f"engine: {label} ≤ 1.0x aws-local-stepfunctions",
                _first(figures, f"engine.peer.{key}.ours_wall"),
                _first(figures, f"engine.peer.{key}.alsf_wall"),
                "aws-local-stepfunctions",
                1.0,
            )
        )
    out.append(
        _ratio_target(
            "YAML 5,000 states: server edit ≤ 0.1x ASLS on the YAML file",
            _first(figures, "server.didchange.5000.yaml"),
            _first(figures, "server.asls.5000.yaml"),
            "ASLS",
            0.1,
        )
    )
    out.append(_large_document_target(figures))
    return out


def _large_document_target(figures: Figures) -> Target:
    what = "20,000-state (~10 MB) JSON: edit → diagnostics ≤ 200 ms, server RSS ≤ 300 MB"
    edit = _first(figures, "server.didchange.20000")
    rss = _first(figures, "server.rss.20000")
    if edit is None or rss is None:
        return Target("13", what, "not measured", None)
    return Target("13", what, f"{fmt_s(edit)}, {rss:.0f} MB", edit <= 0.2 and rss <= 300)


def scale_targets(figures: Figures) -> list[Target]:
    """Bounded time and memory at 100,000 states: every case of ``bench_scale``."""
    out = []
    for key, wall in figures.items():
        if not key.startswith("scale.wall."):
            continue
        case = key.removeprefix("scale.wall.")
        rss = figures.get(f"scale.rss.{case}", float("nan"))
        out.append(
            Target(
                "16",
                f"100,000 states, {case}: under 5 s and 500 MB",
                f"{wall:.2f} s, {rss:.0f} MB",
                wall < 5 and rss < 500,
            )
        )
    return out


# -- main ----------------------------------------------------------------------------------------


def compile_package() -> None:
    """Byte-compile asl_lsp, as ``pip install`` does for a regular install.

    An editable checkout run with PYTHONDONTWRITEBYTECODE set would otherwise recompile every
    module on each start, a cost no installed copy pays (the Node peers load cached code too).
    """
    log("byte-compiling asl_lsp")
    subprocess.run(
        [sys.executable, "-m", "compileall", "-q", str(BENCH_DIR.parent / "asl_lsp")],
        check=True,
    )


def main() -> int:
    parser = argparse.ArgumentParser(description="run every benchmark, write RESULTS.md")
    parser.add_argument("--quick", action="store_true", help="fewer repetitions (a smoke run)")
    parser.add_argument("-o", "--output", default=str(BENCH_DIR / "RESULTS.md"))
    args = parser.parse_args()
    # The cold runs are whole processes on a shared machine whose timings wander by a tenth or
    # more from run to run: the medians of the ratio targets take 15 interleaved rounds.
    repeats, warm = (3, 3) if args.quick else (15, 10)

    install_peers()
    generate_definitions()
    compile_package()
    import bench_editor
    import bench_lint

    figures: Figures = {}
    sections: list[Section] = []
    log("bench_lint")
    tables, found = bench_lint.run(repeats, warm)
    figures.update(found)
    sections.append(Section("Lint: asl lint vs the peers", tables))
    log("bench_editor")
    tables, found = bench_editor.run(warm)
    figures.update(found)
    sections.append(Section("Editor features in-process vs amazon-states-language-service", tables))

    texts: dict[str, str] = {}
    for name in OTHER_BENCHMARKS:
        section = run_other(name)
        if section is None:
            sections.append(Section(name, [], error=f"`benchmarks/{name}.py` is not there yet"))
            continue
        if section.figures:
            figures.update(section.figures)
        texts[name] = section.verbatim
        sections.append(section)

    goals = targets(figures, texts)
    lines = [
        "# Benchmark results",
        "",
        "Written by `python benchmarks/run_all.py`. Ratios are *peer time / asl-lsp time* "
        "(above 1: asl-lsp is faster), from one run on one machine.",
        "",
        "## Machine",
        "",
    ]
    lines += machine()
    lines += ["", "## Targets", "", "| issue | target | measured | verdict |", "|---|---|---|---|"]
    lines += [f"| {t.issue} | {t.target} | {t.measured} | {_met(t.met)} |" for t in goals]
    for section in sections:
        lines += ["", f"## {section.title}", ""]
        for table in section.tables:
            lines.append(table.markdown())
        if section.verbatim:
            lines += ["```", section.verbatim, "```"]
        if section.error:
            lines.append(f"Not measured: {section.error}")
    Path(args.output).write_text("\n".join(lines).rstrip() + "\n", encoding="utf-8")
    log(f"wrote {args.output}")
    for t in goals:
        print(f"[{_met(t.met)}] issue {t.issue}: {t.target}: {t.measured}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
