"""State graphs: DOT, Mermaid, SVG and HTML of a definition, with an optional progress overlay.

Entry points: :func:`asl_lsp.graph.render.render_graph` and
:func:`asl_lsp.graph.progress.state_status_from_events`; ``asl graph`` lives in ``command``.
"""
