"""One handler per state type; each takes a :class:`~asl_lsp.engine.interpreter.StateRun`."""
