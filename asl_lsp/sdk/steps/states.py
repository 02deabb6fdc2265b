"""State builders: Pass, Succeed, Fail, Wait, Choice and Task, plus Retry and Catch.

The states that hold other states (Parallel, Map) and Chain live with Graph in ``graph.py``. Each
builder accepts the spec's fields of its state type (``constructor_fields``) as snake_case
keyword arguments, so it can only build fields the linter accepts.

Constructor arguments are the Data Science SDK's (``state_id``, ``input_path``, ``result_path``,
``next_step``...) extended to every current ASL field (``result_selector``, ``item_selector``,
``credentials``, ``assign``, ``output``, ``arguments``, ``query_language``...). Fields are stored
under their ASL names; anything the SDK does not model goes through ``extra={...}`` or
``update_fields(...)`` and is emitted verbatim.
"""

from __future__ import annotations

import copy
import json
import logging
from typing import TYPE_CHECKING, Any, Union

from asl_lsp.sdk.inputs import StepInput
from asl_lsp.sdk.steps.choice_rule import BaseRule
from asl_lsp.sdk.steps.fields import (
    ANY_STATE,
    CATCH_ORDER,
    MISSING,
    NULLABLE,
    RETRY_ORDER,
    RULE_ORDER,
    STATE_ORDER,
    STRUCTURAL,
    arrange,
    constructor_fields,
    pascal,
    render,
    snake,
)
from asl_lsp.spec.exclusive_fields import WAIT_DURATION_FIELDS, pairs_for_state

if TYPE_CHECKING:  # scopes (graph.py) hold states; states name them only in types
    from asl_lsp.sdk.steps.graph import Chain

logger = logging.getLogger("asl_lsp.sdk.steps")

# A transition target: a step, a chain (its first step), or a state name.
Target = Union["State", "Chain", str]


def target_name(target: Target) -> str:
    """The state name a transition to ``target`` writes."""
    return target if isinstance(target, str) else target.state_id


def first_state(target: Target) -> State | None:
    """The step object a transition reaches (None for a bare name)."""
    if isinstance(target, State):
        return target
    if isinstance(target, str):
        return None
    return target.steps[0] if target.steps else None  # a Chain


class Block:
    """An ASL object whose fields are kept by ASL name and rendered in a stable order."""

    # The spec context whose fields the constructor accepts (see ``constructor_fields``).
    _context: str = ""
    _canonical: tuple[str, ...] = STATE_ORDER

    @classmethod
    def allowed_fields(cls) -> frozenset[str]:
        """The keyword arguments this builder accepts: the spec's fields of its ASL object."""
        return constructor_fields(cls._context)

    def __init__(self, extra: dict[str, Any] | None = None, **kwargs: Any) -> None:
        self.fields: dict[str, Any] = {}
        self._order: list[str] | None = None
        allowed = self.allowed_fields()
        for key, value in kwargs.items():
            if key not in allowed:
                raise TypeError(
                    f"{type(self).__name__} does not support the field '{key}'; "
                    "pass fields the SDK does not model as extra={...}"
                )
            if value is None and key not in NULLABLE:
                continue
            self.fields[pascal(key)] = value
        if extra:
            self.update_fields(extra)

    def update_fields(self, fields: dict[str, Any] | None = None, **more: Any) -> None:
        """Set fields by their ASL names (``{"ItemReader": {...}}``), verbatim: the escape hatch."""
        for key, value in {**(fields or {}), **more}.items():
            if key in STRUCTURAL:
                raise ValueError(
                    f"'{key}' is built from the step graph; use next(), add_retry(), add_catch(), "
                    "add_choice(), add_branch() or the iterator instead"
                )
            self.fields[key] = value

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_") or name not in type(self).allowed_fields():
            raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}")
        return self.__dict__.get("fields", {}).get(pascal(name))

    def _emit(self) -> dict[str, Any]:
        return {key: render(value) for key, value in self.fields.items()}

    def to_dict(self) -> dict[str, Any]:
        return arrange(self._emit(), self._canonical, self._order)

    def to_json(self, pretty: bool = False) -> str:
        """JSON text; ``pretty`` indents by 4 spaces."""
        return json.dumps(self.to_dict(), indent=4 if pretty else None, ensure_ascii=False)

    def __str__(self) -> str:
        return self.to_json(pretty=True)


class Retry(Block):
    """A retrier: ``error_equals``, ``interval_seconds``, ``max_attempts``, ``backoff_rate``,
    ``max_delay_seconds``, ``jitter_strategy`` ("FULL" | "NONE"), ``comment``."""

    _context = "retrier"
    _canonical = RETRY_ORDER

    def __repr__(self) -> str:
        return f"Retry({self.to_dict()!r})"


class Catch(Block):
    """A catcher: on ``error_equals`` go to ``next_step``; ``result_path`` / JSONata ``output``,
    ``assign`` and ``comment`` are optional."""

    _context = "catcher"
    _canonical = CATCH_ORDER

    def __init__(
        self, next_step: Target, extra: dict[str, Any] | None = None, **kwargs: Any
    ) -> None:
        super().__init__(extra, **kwargs)
        self.next_step: Target = next_step

    def _emit(self) -> dict[str, Any]:
        data = super()._emit()
        data["Next"] = target_name(self.next_step)
        return data

    def __repr__(self) -> str:
        return f"Catch({self.to_dict()!r})"


class State(Block):
    """One state. Subclasses fix ``state_type`` and the allowed fields."""

    state_type: str = ""
    _accepts_next = True
    _accepts_retry = False
    _context = ANY_STATE

    def __init__(
        self,
        state_id: str,
        state_type: str | None = None,
        output_schema: dict[str, Any] | None = None,
        extra: dict[str, Any] | None = None,
        retry: Retry | list[Retry] | None = None,
        catch: Catch | list[Catch] | None = None,
        **kwargs: Any,
    ) -> None:
        if not isinstance(state_id, str) or not state_id:
            raise ValueError(f"state_id must be a non-empty string, not {state_id!r}")
        super().__init__(extra, **kwargs)
        self.state_id = state_id
        if state_type is not None:
            self.state_type = state_type
        for a, b in pairs_for_state(self.state_type):
            if a in self.fields and b in self.fields:
                raise ValueError(f"{self.state_type} state '{state_id}' takes {a} or {b}, not both")
        self.output_schema = output_schema
        self.next_step: Target | None = None
        self.retries: list[Retry] = []
        self.catches: list[Catch] = []
        self._end: Any = MISSING if not self._accepts_next else True
        for item in _as_list(retry):
            self.add_retry(item)
        for item in _as_list(catch):
            self.add_catch(item)

    @classmethod
    def _blank(cls, state_id: str, state_type: Any) -> State:
        """An empty instance for the parser: no validation, no defaults."""
        obj = cls.__new__(cls)
        obj.fields = {}
        obj._order = None
        obj.state_id = state_id
        obj.state_type = state_type
        obj.output_schema = None
        obj.next_step = None
        obj.retries = []
        obj.catches = []
        obj._end = MISSING
        obj._init_parsed()
        return obj

    def _init_parsed(self) -> None:
        """Subclass hook: set structural attributes for a parsed instance."""

    def next(self, next_step: Target) -> Target:
        """Transition to ``next_step`` (a State, a Chain or a state name); returns it."""
        if not self._accepts_next:
            raise ValueError(
                f"{type(self).__name__} state '{self.state_id}' cannot have a next step"
            )
        self.next_step = next_step
        if self._order is not None:
            self._end = MISSING  # a parsed terminal state that now continues
        return next_step

    def output(self) -> StepInput:
        """Placeholders for this state's output, i.e. the next state's input (``$...``)."""
        return StepInput(schema=self.output_schema)

    def update_parameters(self, params: Any) -> None:
        """Replace ``Parameters`` (the DS SDK's method)."""
        self.fields["Parameters"] = params

    def add_retry(self, retry: Retry) -> None:
        if not self._accepts_retry:
            raise ValueError(f"{type(self).__name__} states do not support Retry")
        if not isinstance(retry, Retry):
            raise TypeError(f"add_retry takes a Retry, not {retry!r}")
        self.retries.append(retry)

    def add_catch(self, catch: Catch) -> None:
        if not self._accepts_retry:
            raise ValueError(f"{type(self).__name__} states do not support Catch")
        if not isinstance(catch, Catch):
            raise TypeError(f"add_catch takes a Catch, not {catch!r}")
        self.catches.append(catch)

    def targets(self) -> list[Target]:
        """Every transition target of this state, in document order (for graph traversal)."""
        out: list[Target] = []
        if self.next_step is not None:
            out.append(self.next_step)
        out.extend(c.next_step for c in self.catches)
        return out

    def _emit(self) -> dict[str, Any]:
        data: dict[str, Any] = {}
        if self.state_type is not MISSING:
            data["Type"] = self.state_type
        data.update(super()._emit())
        self._emit_structure(data)
        if self.retries:
            data["Retry"] = [r.to_dict() for r in self.retries]
        if self.catches:
            data["Catch"] = [c.to_dict() for c in self.catches]
        if self.next_step is not None:
            data["Next"] = target_name(self.next_step)
        if self._end is not MISSING and (self.next_step is None or self._order is not None):
            data["End"] = self._end
        return data

    def _emit_structure(self, data: dict[str, Any]) -> None:
        """Subclass hook: add Choices, Branches, ItemProcessor..."""

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.state_id!r})"


def _as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    return list(value) if isinstance(value, (list, tuple)) else [value]


class Pass(State):
    """Passes its input (or ``result``) on; useful for shaping data and for debugging."""

    state_type = "Pass"
    _context = "state:Pass"

    def __init__(self, state_id: str, **kwargs: Any) -> None:
        super().__init__(state_id, **kwargs)


class Succeed(State):
    """Ends the execution (or branch) successfully."""

    state_type = "Succeed"
    _accepts_next = False
    _context = "state:Succeed"

    def __init__(self, state_id: str, **kwargs: Any) -> None:
        super().__init__(state_id, **kwargs)


class Fail(State):
    """Ends the execution with ``error`` / ``cause`` (or ``error_path`` / ``cause_path``)."""

    state_type = "Fail"
    _accepts_next = False
    _context = "state:Fail"

    def __init__(self, state_id: str, **kwargs: Any) -> None:
        super().__init__(state_id, **kwargs)


class Wait(State):
    """Waits ``seconds``, until ``timestamp``, or for a value read by ``seconds_path`` /
    ``timestamp_path`` (exactly one)."""

    state_type = "Wait"
    _context = "state:Wait"

    def __init__(self, state_id: str, **kwargs: Any) -> None:
        super().__init__(state_id, **kwargs)
        given = [k for k in WAIT_DURATION_FIELDS if k in self.fields]
        if len(given) != 1:
            *first, last = (snake(k) for k in WAIT_DURATION_FIELDS)
            names = f"{', '.join(first)} or {last}"
            raise ValueError(
                f"Wait state '{state_id}' needs exactly one of {names} (got {len(given)})"
            )


class ChoiceBranch:
    """One entry of ``Choices``: a rule, where it goes, and top-level extras (Assign, Output...)."""

    def __init__(
        self, rule: BaseRule, next_step: Target, fields: dict[str, Any] | None = None
    ) -> None:
        self.rule = rule
        self.next_step = next_step
        self.fields = dict(fields or {})
        self._order: list[str] | None = None

    def to_dict(self) -> dict[str, Any]:
        data = self.rule.to_dict()
        for key, value in self.fields.items():
            data[key] = render(value)
        data["Next"] = target_name(self.next_step)
        order = self._order if self._order is not None else self.rule._order
        return arrange(data, RULE_ORDER, order)


class Choice(State):
    """Branches on rules; no Next. In a Chain, the following step becomes the default."""

    state_type = "Choice"
    _accepts_next = False
    _context = "state:Choice"

    def __init__(self, state_id: str, **kwargs: Any) -> None:
        super().__init__(state_id, **kwargs)
        self.choices: list[ChoiceBranch] = []
        self.default: Target | None = None

    def _init_parsed(self) -> None:
        self.choices = []
        self.default = None

    def add_choice(
        self,
        rule: BaseRule,
        next_step: Target,
        *,
        comment: str | None = None,
        assign: dict[str, Any] | None = None,
        output: Any = None,
    ) -> None:
        """Go to ``next_step`` when ``rule`` matches; JSONata rules may also assign and output."""
        if not isinstance(rule, BaseRule):
            raise TypeError(f"add_choice takes a Choice rule (ChoiceRule.X(...)), not {rule!r}")
        fields: dict[str, Any] = {}
        if comment is not None:
            fields["Comment"] = comment
        if assign is not None:
            fields["Assign"] = assign
        if output is not None:
            fields["Output"] = output
        self.choices.append(ChoiceBranch(rule, next_step, fields))

    def default_choice(self, next_step: Target) -> None:
        """Where to go when no rule matches."""
        self.default = next_step

    def next(self, next_step: Target) -> Target:
        # A Choice has no Next: chaining after it sets the default branch, as in the DS SDK.
        if self.default is not None:
            logger.warning(
                "Chaining Choice state '%s' replaces its default choice '%s' with '%s'",
                self.state_id,
                target_name(self.default),
                target_name(next_step),
            )
        self.default_choice(next_step)
        return next_step

    def targets(self) -> list[Target]:
        out: list[Target] = [c.next_step for c in self.choices]
        if self.default is not None:
            out.append(self.default)
        if self.next_step is not None:
            out.insert(0, self.next_step)
        return out

    def _emit_structure(self, data: dict[str, Any]) -> None:
        if self.choices or self._order is None:
            data["Choices"] = [c.to_dict() for c in self.choices]
        if self.default is not None:
            data["Default"] = target_name(self.default)


class _RetryCatchState(State):
    _accepts_retry = True


class Task(_RetryCatchState):
    """Runs the work named by ``resource`` (an ARN or a service-integration ARN)."""

    state_type = "Task"
    _context = "state:Task"

    def __init__(self, state_id: str, **kwargs: Any) -> None:
        super().__init__(state_id, **kwargs)


def _copy(value: Any) -> Any:
    return copy.deepcopy(value)


__all__ = [
    "Block",
    "Catch",
    "Choice",
    "ChoiceBranch",
    "Fail",
    "Pass",
    "Retry",
    "State",
    "Succeed",
    "Task",
    "Wait",
    "first_state",
    "target_name",
]
