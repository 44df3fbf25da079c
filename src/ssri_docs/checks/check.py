"""What a conformance check is: its declaration (``Check``), what it gets (``Job``) and
what the checks of one run share (``Session``).

Each format's folder declares its own checks beside its validators (``checks/pdf/``
declares "PDF/UA structure" and "pdfua", and so on); ``table.py`` gathers them and
``conformance.py`` runs them. A check is a function ``(job: Job) -> list[CheckResult]``:
it may raise ``ToolMissing`` when its validator is not installed, and the runner turns
that, files that were not built and files that crash a reader into results.
"""

from __future__ import annotations

import enum
import importlib.util
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import UserError
from ..formats import FormatFile
from ..model import Article
from .results import CheckResult, ToolMissing

if TYPE_CHECKING:
    from .html.browser import Browser


class Kind(enum.Enum):
    """How a check runs, which decides when the runner starts it."""

    IN_PROCESS = "in process"  # runs here, first, one after another
    SUBPROCESS = "subprocess"  # waits on an external program: runs alongside the others
    BROWSER = "browser"  # uses the run's one Chromium, from this thread


@dataclass(frozen=True)
class Target:
    """A built file a check looks at."""

    path: Path
    label: str  # as shown and linked from the report: relative to the article's folder
    fmt: str  # the format that makes it (html, pdf, epub, audio) or "downloads"


@dataclass(frozen=True)
class Job:
    """What one check gets: the article and the built files to look at."""

    article: Article
    targets: tuple[Target, ...]  # the article's file, then the downloads page if asked
    session: Session

    @property
    def target(self) -> Target:
        return self.targets[0]


CheckFunction = Callable[[Job], list[CheckResult]]


@dataclass(frozen=True)
class Check:
    """One line of the check table."""

    name: str  # shown when the check cannot run, e.g. "EPUBCheck"
    fmt: str  # which of the article's files it checks: html, pdf, epub or audio
    run: CheckFunction
    kind: Kind = Kind.IN_PROCESS
    downloads_page: bool = False  # also check output/index.html (once per run)
    # The format's file to check when it is not the main one (the transcript page of
    # the audio format); None: the main file.
    file: FormatFile | None = None


@dataclass
class Session:
    """What the checks of one run share: one Chromium, started when first needed."""

    stack: ExitStack = field(default_factory=ExitStack)
    _browser: Browser | None = None
    _missing: ToolMissing | None = None

    def __enter__(self) -> Session:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.stack.close()  # closes the browser, if one was started

    def browser(self) -> Browser:
        """The running browser; raises ToolMissing when it cannot run here (and again,
        without a second try, for every later check of the run)."""
        if self._missing is not None:
            raise self._missing
        if self._browser is None:
            try:
                self._browser = self.stack.enter_context(_launch_browser())
            except ToolMissing as missing:
                self._missing = missing
                raise
        return self._browser


@contextmanager
def _launch_browser() -> Iterator[Browser]:
    # browser.py reports a missing Chromium, Playwright or axe-core as a UserError:
    # here each is a validator that is not installed.
    from .html.browser import axe_script_path, chromium_path, launch

    try:
        chromium_path()
    except UserError:
        raise ToolMissing(
            "Chromium (for axe-core)", "apt-get install chromium, or set CHROMIUM_PATH to it"
        ) from None
    if importlib.util.find_spec("playwright") is None:
        raise ToolMissing("Playwright (for axe-core)", "pip install playwright")
    if axe_script_path() is None:
        raise ToolMissing("axe-core", "npm ci (installs axe-core from package.json)")
    with launch() as browser:
        yield browser
