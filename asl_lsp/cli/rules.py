"""``asl rules [CODE|NAME]``: list the rules, or print one rule's documentation."""

from __future__ import annotations

import argparse
import json
import sys

from asl_lsp.lint.docs import rule_markdown, severities
from asl_lsp.lint.registry import all_rules, find_rule


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("rule", nargs="?", metavar="CODE|NAME", help="a rule code or name")
    parser.add_argument("--format", choices=("text", "json"), default="text")


def run(args: argparse.Namespace) -> int:
    if args.rule:
        rule = find_rule(args.rule)
        if rule is None:
            print(f"asl rules: no rule {args.rule!r} (see 'asl rules')", file=sys.stderr)
            return 2
        rules = [rule]
    else:
        rules = list(all_rules())
    if args.format == "json":
        payload = [
            {
                "code": r.code,
                "name": r.name,
                "severity": r.severity.value,
                "fixable": r.fixable,
                "summary": r.doc.summary,
                "findings": [
                    {"kind": f.kind, "severity": f.severity.value, "aws": f.aws}
                    for f in r.doc.findings
                ],
                "url": r.docs_url(),
            }
            for r in rules
        ]
        print(json.dumps(payload if not args.rule else payload[0], indent=2))
        return 0
    if args.rule:
        print(rule_markdown(rules[0]), end="")
        return 0
    width = max(len(r.name) for r in rules)
    levels = max(len(severities(r)) for r in rules)
    for r in rules:
        fix = "fix" if r.fixable else "   "
        print(f"{r.code}  {r.name:<{width}}  {severities(r):<{levels}}  {fix}  {r.doc.summary}")
    return 0
