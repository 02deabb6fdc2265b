"""Protocol-free libraries for ASL's expression languages: JSONPath, intrinsics, JSONata.

The linter uses them for checks with exact offsets, the engine for evaluation with AWS semantics.
Import from the submodules (``asl_lsp.expr.jsonpath`` ...); JSONata support loads its engine lazily.
"""
