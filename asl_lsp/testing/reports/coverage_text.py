"""The coverage table, shaped like coverage.py's: one row per definition, then the total."""

from __future__ import annotations

from asl_lsp.testing.coverage import CoverageData, DefinitionCoverage, percent


def _missing(coverage: DefinitionCoverage) -> str:
    parts = [item.state for item in coverage.missed_states()]
    parts.extend(f"{item.state}: {item.label}" for item in coverage.missed_branches())
    return ", ".join(parts)


def _numbers(states: int, miss: int, branches: int, br_miss: int, cover: float) -> str:
    return f"{states:>6} {miss:>6}  {branches:>6}  {br_miss:>6}  {cover:>5.0f}%"


def coverage_table(data: CoverageData, show_missing: bool = True) -> str:
    rows = [
        (
            d.key,
            len(d.states),
            len(d.missed_states()),
            len(d.branches),
            len(d.missed_branches()),
            d.percent,
            _missing(d),
        )
        for d in data.sorted()
    ]
    name_width = max([len("Name"), len("TOTAL"), *(len(r[0]) for r in rows)])
    header = f"{'Name':<{name_width}}  States   Miss  Branch  BrMiss   Cover"
    if show_missing:
        header += "   Missing"
    rule = "-" * len(header)
    lines = [header, rule]
    for name, states, miss, branches, br_miss, cover, missing in rows:
        line = f"{name:<{name_width}}  " + _numbers(states, miss, branches, br_miss, cover)
        if show_missing and missing:
            line += f"   {missing}"
        lines.append(line)
    states = sum(r[1] for r in rows)
    miss = sum(r[2] for r in rows)
    branches = sum(r[3] for r in rows)
    br_miss = sum(r[4] for r in rows)
    total = percent(states + branches - miss - br_miss, states + branches)
    lines.append(rule)
    lines.append(f"{'TOTAL':<{name_width}}  " + _numbers(states, miss, branches, br_miss, total))
    return "\n".join(lines) + "\n"
