"""The check table of ``ssri-docs check``: every format's checks, in report order.

Each check is declared beside its validator, in its format's folder (``CHECK`` in the
module, gathered into the folder's ``CHECKS``), so adding a validator touches that
folder only. This module only puts them in order: content parity for every format
first, then the checks that run in this process, then the browser's, then the
external validators' (the order the report has always had); within a kind, the
formats in ``FORMAT_ORDER``. The runner starts them in its own order (see
``conformance.py``) but reports them in this one.
"""

from __future__ import annotations

from . import audio, epub, html, parity, pdf
from .check import Check, Kind

FORMAT_ORDER = (pdf, audio, epub, html)
KIND_ORDER = (Kind.IN_PROCESS, Kind.BROWSER, Kind.SUBPROCESS)

CHECKS: tuple[Check, ...] = (
    *parity.CHECKS,
    *sorted(
        (check for package in FORMAT_ORDER for check in package.CHECKS),
        key=lambda check: KIND_ORDER.index(check.kind),  # stable: keeps FORMAT_ORDER
    ),
)
