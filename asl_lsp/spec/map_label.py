"""What AWS accepts as a Distributed Map ``Label`` (the name it gives the Map Run and the child
executions).

Source: the Map state's Label field in
https://docs.aws.amazon.com/step-functions/latest/dg/state-map-distributed.html (AWS refuses a
bad label with INVALID_LABEL_NAME, a repeated one with DUPLICATE_LABEL_NAME). The refused
characters are those the AWS CDK checks before deployment: whitespace, brackets, wildcards, the
specials ``: ; , \\ | ^ ~ $ # % & ` "`` and control characters.
"""

from __future__ import annotations

import re

MAX_LABEL_LENGTH = 40
REFUSED_LABEL_CHARACTERS = re.compile(r'[\s?*<>{}\[\]\\:;,|^~$#%&`"\x00-\x1f\x7f-\x9f]')


def label_problem(label: str) -> str | None:
    """Why AWS refuses ``label`` as a Map Label (empty or refused characters), or None.

    The 40-character limit is a schema constraint (``maxLength`` in ``schemas/asl.schema.json``).
    """
    if not label:
        return "Label must not be empty; leave it out to let Step Functions generate one"
    match = REFUSED_LABEL_CHARACTERS.search(label)
    if match is not None:
        char = match.group()
        shown = repr(char) if not char.isprintable() or char.isspace() else f"'{char}'"
        return (
            f"Label contains {shown}; AWS refuses whitespace, brackets, wildcards, control "
            'characters and the characters : ; , \\ | ^ ~ $ # % & ` "'
        )
    return None
