"""``python -m asl_lsp`` is the ``asl`` command."""

from asl_lsp.cli import main

raise SystemExit(main())
