"""JUnit XML (the format CI systems import): one ``testsuite`` per test file."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from asl_lsp.testing.reports.console import failure_text
from asl_lsp.testing.runner import RunOutcome


def junit_xml(outcome: RunOutcome) -> str:
    root = ET.Element("testsuites", name="asl test")
    suites: dict[str, ET.Element] = {}
    for result in outcome.results:
        suite = suites.get(result.file)
        if suite is None:
            suite = suites[result.file] = ET.SubElement(root, "testsuite", name=result.file)
        case = ET.SubElement(
            suite,
            "testcase",
            classname=result.file,
            name=result.name,
            time=f"{result.duration:.6f}",
        )
        if result.outcome != "passed":
            tag = "failure" if result.outcome == "failed" else "error"
            message = result.failures[0].message if result.failures else result.outcome
            element = ET.SubElement(case, tag, message=message, type=tag)
            element.text = failure_text(result)
    for error in outcome.errors:
        suite = ET.SubElement(root, "testsuite", name=error.split(": ", 1)[0])
        case = ET.SubElement(suite, "testcase", classname="asl test", name="load")
        ET.SubElement(case, "error", message=error, type="error").text = error
    for suite in root:
        cases = list(suite)
        suite.set("tests", str(len(cases)))
        suite.set("failures", str(sum(1 for c in cases if c.find("failure") is not None)))
        suite.set("errors", str(sum(1 for c in cases if c.find("error") is not None)))
        suite.set("time", f"{sum(float(c.get('time', 0)) for c in cases):.6f}")
    root.set("tests", str(len(outcome.results) + len(outcome.errors)))
    root.set("time", f"{outcome.duration:.6f}")
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
