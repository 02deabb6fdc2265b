"""LCOV tracefiles, so Codecov, GitLab and LCOV-reading editors show ASL coverage.

Each state's line and each branch's line (Choice rule, Default, Catch, Retry) is a ``DA`` line
record; when several items share a line (a minified definition) the line counts as reached only
as often as its least-reached item. Each state's branches are also ``BRDA`` records on the state's
line (``-`` when the state never ran, as gcov writes for a block never executed). Definitions
without a source file (built in Python) have no lines and are left out.
"""

from __future__ import annotations

from asl_lsp.testing.coverage import CoverageData, DefinitionCoverage, owner


def _record(coverage: DefinitionCoverage) -> list[str]:
    assert coverage.path is not None
    lines: dict[int, int] = {}
    for item in coverage.items:
        if item.line is not None:
            lines[item.line] = min(lines.get(item.line, item.hits), item.hits)
    out = ["TN:", f"SF:{coverage.path}"]
    branch_total = branch_hit = 0
    for block, state in enumerate(coverage.states):
        own = [b for b in coverage.branches if owner(b) == state.pointer]
        if state.line is None or not own:
            continue
        entered = state.hits > 0
        for index, branch in enumerate(own):
            taken = str(branch.hits) if entered else "-"
            out.append(f"BRDA:{state.line},{block},{index},{taken}")
            branch_total += 1
            branch_hit += 1 if branch.hits else 0
    out.append(f"BRF:{branch_total}")
    out.append(f"BRH:{branch_hit}")
    for line in sorted(lines):
        out.append(f"DA:{line},{lines[line]}")
    out.append(f"LF:{len(lines)}")
    out.append(f"LH:{sum(1 for hits in lines.values() if hits)}")
    out.append("end_of_record")
    return out


def lcov_text(data: CoverageData) -> str:
    """One LCOV record per definition file (a template's machines share their file's record)."""
    by_file: dict[str, DefinitionCoverage] = {}
    records: list[str] = []
    for coverage in data.sorted():
        if coverage.path is None or not any(i.line is not None for i in coverage.items):
            continue
        if coverage.path in by_file:
            merged = by_file[coverage.path]
            merged.states.extend(coverage.states)
            merged.branches.extend(coverage.branches)
            continue
        by_file[coverage.path] = DefinitionCoverage(
            coverage.path,
            coverage.path,
            None,
            {},
            list(coverage.states),
            list(coverage.branches),
        )
    for coverage in by_file.values():
        records.extend(_record(coverage))
    return "\n".join(records) + ("\n" if records else "")
