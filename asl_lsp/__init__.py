"""asl-lsp: editor tooling for the Amazon States Language (AWS Step Functions)."""

__version__ = "0.1.0"
