"""Editor set-up snippets read from the README itself, so the end-to-end tests run exactly what
users copy and a snippet can never drift from what is tested."""

from __future__ import annotations

import re

from tests.shared_path import REPO_ROOT

README = REPO_ROOT / "README.md"


def readme_snippet(heading: str, language: str, index: int = 0) -> str:
    """The ``index``-th fenced ``language`` block under the README heading ``### {heading}``."""
    text = README.read_text(encoding="utf-8")
    match = re.search(rf"^### {re.escape(heading)}\n(.*?)(?=^#{{1,3}} )", text, re.M | re.S)
    if match is None:
        raise LookupError(f"README has no section '### {heading}'")
    blocks = re.findall(rf"^```{re.escape(language)}\n(.*?)^```", match.group(1), re.M | re.S)
    if len(blocks) <= index:
        raise LookupError(f"README section '{heading}' has no {language} block #{index}")
    return str(blocks[index])
