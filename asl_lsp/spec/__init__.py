"""What ASL allows: state types, fields, enums, error names and resource ARNs.

Completion, hover and the schema layer of the linter read the same tables here, most of them
derived from ``schemas/asl.schema.json`` so the schema stays the single source of field facts.
"""
