"""Shared fixtures: every test works on its own copy of the corpus and annotations."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import orjson
import pytest

from annotator.store.store import Store


@pytest.fixture()
def workspace(tmp_path: Path) -> Path:
    """A temporary copy of seeds/ and annotations/ (tests never touch the real ones)."""
    shutil.copytree("seeds", tmp_path / "seeds")
    shutil.copytree("annotations", tmp_path / "annotations")
    return tmp_path


@pytest.fixture()
def store(workspace: Path) -> Store:
    return Store(workspace / "seeds", workspace / "annotations")


@pytest.fixture()
def fixed_clock(monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """Every new span and fact gets the same timestamp, so files and snapshots are stable."""
    stamp = "2026-11-22T15:00:00Z"
    monkeypatch.setattr("annotator.model.models.now", lambda: stamp)
    monkeypatch.setattr("annotator.editor.now", lambda: stamp)
    yield stamp


def read_json(path: Path) -> dict:  # type: ignore[type-arg]
    return orjson.loads(path.read_bytes())


def make_app(workspace: Path, author: str = "tester"):  # type: ignore[no-untyped-def]
    """The real app on a workspace copy (imported lazily: most tests need no Textual)."""
    from annotator.tui.app import AnnotatorApp

    return AnnotatorApp(Store(workspace / "seeds", workspace / "annotations"), author)


def status(app) -> str:  # type: ignore[no-untyped-def]
    """What the status line shows."""
    from textual.widgets import Static

    return str(app.query_one("#status", Static).render())
