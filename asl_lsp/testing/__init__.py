"""Tests for state machines: test files, a parallel runner, expectations, coverage and reports.

``asl test`` (``command``) and the pytest plugin (``plugin``) share everything below them:
``files`` reads ``*.asl-test.yaml|json``, ``execution`` runs one case on the local engine,
``expectations`` judges it, ``coverage`` counts what the runs reached and ``reports`` render it.
"""
