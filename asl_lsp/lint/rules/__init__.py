"""One module per lint rule; each module registers its rule with ``@register``.

The modules are listed here rather than found by listing the folder: the registry imports
exactly these, a new rule is added by naming its module, and ``asl lint`` does not pay for
:mod:`pkgutil`'s module discovery (which imports :mod:`inspect` and with it ``ast``, ``dis`` and
``tokenize``) at every start. A test checks that the list names every module of the folder.
"""

RULE_MODULES = (
    "choice_no_default",
    "choice_rule_next",
    "choice_rule_operator",
    "choice_value_type",
    "conflicting_transition",
    "deprecated_field",
    "duplicate_key",
    "duplicate_state_name",
    "exclusive_fields",
    "external_definition",
    "heartbeat_timeout",
    "invalid_intrinsic",
    "invalid_path",
    "invalid_reference_path",
    "invalid_resource",
    "invalid_value",
    "jsonata",
    "map_label",
    "missing_field",
    "missing_transition",
    "no_terminal_path",
    "not_a_state_machine",
    "payload_template",
    "retry_catch_order",
    "state_name",
    "syntax_error",
    "undefined_state",
    "undefined_variable",
    "unknown_field",
    "unreachable_state",
    "wait_fields",
)
