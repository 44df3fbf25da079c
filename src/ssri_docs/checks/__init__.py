"""Read the built files back and validate them, for the tests and ``ssri-docs check``.

One folder per format (``html/``, ``pdf/``, ``epub/``, ``audio/``), each exposing its
``read_text`` and its checks; what they share (results, reports, content parity, the
check table and its runner) is at this level. docs/checks.md draws the map.
"""
