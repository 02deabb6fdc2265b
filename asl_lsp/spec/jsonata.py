"""The JSONata language Step Functions runs.

The developer guide ("Transforming data with JSONata in Step Functions", "Supported JSONata
version") states that Step Functions implements the JSONata 2.0.6 specification, with every
built-in function and operator of that version except ``$eval``. The coalescing ``??`` and default
``?:`` operators arrived in JSONata 2.1.0, so Step Functions refuses them as syntax errors.
"""

from __future__ import annotations

from typing import Final

JSONATA_VERSION: Final = "2.0.6"
"""The jsonata-js release whose grammar and error codes Step Functions follows."""

LATER_OPERATORS: Final = ("??", "?:")
"""Operators of later JSONata releases, which version :data:`JSONATA_VERSION` does not parse."""

LATER_OPERATORS_VERSION: Final = "2.1"
"""The JSONata release that brought :data:`LATER_OPERATORS`."""
