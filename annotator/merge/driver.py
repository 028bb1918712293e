"""``annotator merge-driver %O %A %B %L %P``: git's merge driver for annotation files.

git passes the ancestor (%O), ours (%A, where the result goes), theirs (%B), the
conflict marker size (%L) and the file's path in the repository (%P). Exit 0: merged
cleanly; 1: conflict records written into the file (or text conflict markers). A side
that is not a valid annotation file (or registry) falls back to ``git merge-file``, whose
exit status is passed through. Nothing here prints a traceback: every problem is one
line on stderr naming %P.
"""

from __future__ import annotations

import sys
from pathlib import Path, PurePosixPath
from typing import TextIO

from pydantic import BaseModel

from annotator.errors import AnnotatorError, DataError
from annotator.merge.three_way import FileConflict, merge_annotations, merge_registries
from annotator.model.models import AnnotationFile, FactRegistry
from annotator.store.gitrepo import merge_file
from annotator.store.jsonio import atomic_write, dumps, loads, parse_model, read_bytes
from annotator.store.store import FACTS_FILE

DEFAULT_MARKER_SIZE = 7


class _NotOurs(Exception):
    """One side cannot be merged by span: the message says which and why."""


def _where(side: str, exc: DataError) -> str:
    place = f" at line {exc.line}:{exc.col or 1}" if exc.line is not None else ""
    pointer = f" {exc.pointer}:" if exc.pointer else ""
    return f"{side} version{place}:{pointer} {exc.detail}"


def _parse(model: type[BaseModel], raw: bytes, side: str, name: str) -> BaseModel:
    try:
        return parse_model(model, loads(raw, name), raw, name)
    except DataError as exc:
        raise _NotOurs(_where(side, exc)) from None


def merge_documents(
    name: str, base: bytes, ours: bytes, theirs: bytes,
) -> AnnotationFile | FactRegistry:
    """The merged file (conflict records included). Raises _NotOurs or FileConflict.

    ``name`` is the path in the repository: ``facts.json`` is a registry, anything else
    an annotation file. An empty ancestor (added on both branches) is no ancestor.
    """
    registry = PurePosixPath(name).name == FACTS_FILE
    model: type[BaseModel] = FactRegistry if registry else AnnotationFile
    base_doc = None if not base.strip() else _parse(model, base, "ancestor", name)
    ours_doc = _parse(model, ours, "our", name)
    theirs_doc = _parse(model, theirs, "their", name)
    if isinstance(ours_doc, FactRegistry) and isinstance(theirs_doc, FactRegistry):
        assert base_doc is None or isinstance(base_doc, FactRegistry)
        return merge_registries(base_doc, ours_doc, theirs_doc)
    assert isinstance(ours_doc, AnnotationFile) and isinstance(theirs_doc, AnnotationFile)
    assert base_doc is None or isinstance(base_doc, AnnotationFile)
    return merge_annotations(base_doc, ours_doc, theirs_doc)


def run_driver(base: Path, ours: Path, theirs: Path, marker_size: int, name: str,
               err: TextIO | None = None) -> int:
    """Merge ``theirs`` into ``ours`` (in place) against ``base``; git's exit convention."""
    err = err or sys.stderr

    def say(message: str) -> None:
        print(f"annotator merge-driver: {name}: {message}", file=err)

    def text_merge() -> int:
        try:
            return merge_file(ours, base, theirs, marker_size, ("ours", "base", "theirs"))
        except AnnotatorError as exc:
            say(str(exc))
            return 2

    try:
        raws = [read_bytes(p) for p in (base, ours, theirs)]
    except DataError as exc:
        say(exc.detail)
        return 2
    try:
        merged = merge_documents(name, *raws)
    except _NotOurs as exc:
        say(f"{exc}; merged as text instead")
        return text_merge()
    except FileConflict as exc:
        say(f"{exc}; merged as text instead")
        return text_merge()
    except Exception as exc:  # a bug must not cost the user their merge: fall back, say so
        say(f"cannot merge by span ({type(exc).__name__}: {exc}); merged as text instead")
        return text_merge() or 1
    try:
        atomic_write(ours, dumps(merged))
    except AnnotatorError as exc:
        say(str(exc))
        return 2
    conflicts = len(merged.conflicts)
    if conflicts:
        kind = "fact" if PurePosixPath(name).name == FACTS_FILE else "span"
        say(f"{conflicts} {kind} conflict{'s' if conflicts != 1 else ''} recorded in the file "
            "(`annotator validate` lists them; resolve in the app)")
        return 1
    return 0
