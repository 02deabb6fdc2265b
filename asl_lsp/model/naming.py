"""AWS's rules for state names, shared by the ``state-name`` lint rule and rename.

The spec caps names at 80 Unicode characters, and AWS refuses control characters. Spaces and most
punctuation are accepted (the Data Science SDK's own examples use "Is this Hello World example?"),
but some characters make names awkward in CloudWatch metrics and logs: ``state_name_caution`` names
them so a rule can warn without failing.
"""

from __future__ import annotations

MAX_STATE_NAME_LENGTH = 80
AWKWARD_CHARACTERS = frozenset('<>{}[]*"#%\\^|~`$&;')


def state_name_problem(name: str) -> str | None:
    """Why AWS would refuse ``name`` as a state name, or None when it is accepted."""
    if not name:
        return "a state name cannot be empty"
    if len(name) > MAX_STATE_NAME_LENGTH:
        return (
            f"state name is {len(name)} characters long; AWS allows at most {MAX_STATE_NAME_LENGTH}"
        )
    for char in name:
        if ord(char) < 0x20 or 0x7F <= ord(char) <= 0x9F:
            return f"state name contains the control character U+{ord(char):04X}"
    return None


def state_name_caution(name: str) -> str | None:
    """A character AWS accepts but that makes the name hard to use in logs and metrics."""
    for char in name:
        if char in AWKWARD_CHARACTERS:
            return f"state name contains {char!r}, which is awkward in CloudWatch logs and metrics"
    return None
