"""Small helpers the tests share (plain functions; fixtures live in conftest.py)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import orjson

if TYPE_CHECKING:
    from annotator.tui.app import AnnotatorApp

#: Frozen copies of the corpus and annotations: tests never read the live folders, so
#: `make test` passes whatever `make run` has changed.
DATA = Path(__file__).resolve().parent / "data"
CORPUS = DATA / "corpus"
ANNOTATIONS = DATA / "annotations"
ROOT = Path(__file__).resolve().parent.parent


def read_json(path: Path) -> Any:
    return orjson.loads(path.read_bytes())


def make_app(workspace: Path, author: str = "tester") -> AnnotatorApp:
    """The real app on a workspace copy (imported lazily: most tests need no Textual)."""
    from annotator.store.store import Store
    from annotator.tui.app import AnnotatorApp

    return AnnotatorApp(Store(workspace / "seeds", workspace / "annotations"), author)


def status(app: AnnotatorApp) -> str:
    """What the status line shows."""
    from textual.widgets import Static

    return str(app.annotate.query_one("#status", Static).render())
