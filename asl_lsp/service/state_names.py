"""The names of a scope's states, prepared once for ranking (completion of StartAt and Next).

A ``Next`` in a 5,000-state machine ranks some 2,500 names against what is typed, request after
request, and the names stay the same from one version of the document to the next unless an edit
renames, adds or removes a state. So the prepared names (:class:`~.ranking.LabelIndex`) are kept
by the names themselves, in a small memo the process shares: a version finds them when the edit
that made it left them as they were (nearly every edit), whichever version, document or scope
prepared them, and a later request on the same version finds them with the definition. They hold
strings only, so no version stays alive through them.
"""

from __future__ import annotations

from functools import lru_cache
from typing import NamedTuple

from asl_lsp.model.document import AslDocument, Definition
from asl_lsp.model.machine import Scope
from asl_lsp.service.ranking import LabelIndex

# Lists of names kept prepared: the scopes of the few documents being edited. Each rename makes
# a new list, and the 10,000 names of a 20,000-state machine take about 0.6 MB prepared.
_KEPT = 8
_MEMO_KEY = "state-names"  # with the scope, in ``Definition.memo``


class ScopeNames(NamedTuple):
    """A scope's state names (the keys of ``Scope.states``, in order), prepared for ranking."""

    names: tuple[str, ...]
    labels: LabelIndex


def scope_names(definition: Definition, scope: Scope) -> ScopeNames:
    """The names of ``scope`` (one of ``definition``'s), prepared for ranking."""
    key = (_MEMO_KEY, scope)  # the scope lives as long as the definition, memo included
    known = definition.memo.get(key)
    if isinstance(known, ScopeNames):
        return known
    prepared = _prepared(tuple(scope.states))
    definition.memo[key] = prepared
    return prepared


def prepare_state_names(document: AslDocument) -> None:
    """Prepare the names of each definition's own scope now, off the path of the completion
    that will want them: the language server does it on its lint thread, right after parsing a
    version. Even when the memo knows them, finding them reads every name, which a first request
    after an edit paid for with memory the lint had just pushed out of the caches."""
    for definition in document.definitions:
        scope_names(definition, definition.machine.root)


@lru_cache(maxsize=_KEPT)
def _prepared(names: tuple[str, ...]) -> ScopeNames:
    return ScopeNames(names, LabelIndex(names))
