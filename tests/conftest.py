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
