"""Shared fixtures: every test works on its own copy of the corpus and annotations."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from annotator.store.store import Store
from tests.helpers import ANNOTATIONS, CORPUS


@pytest.fixture()
def workspace(tmp_path: Path) -> Path:
    """A temporary copy of the frozen corpus (as seeds/) and annotations/."""
    shutil.copytree(CORPUS, tmp_path / "seeds")
    shutil.copytree(ANNOTATIONS, tmp_path / "annotations")
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
