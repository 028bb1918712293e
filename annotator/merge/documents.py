"""Merge three versions of one file given as bytes: what the merge driver needs (pure).

``name`` is the file's path in the repository: ``facts.json`` is the fact registry,
anything else an annotation file. An empty ancestor (a file added on both branches) is
no ancestor. A version that is not JSON or not the model, or a conflict that cannot be
recorded per item, raises NotMergeable: the caller merges the text instead.
"""

from __future__ import annotations

from pathlib import PurePosixPath

from pydantic import BaseModel

from annotator.errors import DataError
from annotator.merge.three_way import FileConflict, merge_annotations, merge_registries
from annotator.model.models import AnnotationFile, FactRegistry
from annotator.store.jsonio import loads, parse_model
from annotator.store.store import FACTS_FILE


class NotMergeable(Exception):
    """The file cannot be merged span by span; the message (one line) says why."""


def is_registry(name: str) -> bool:
    return PurePosixPath(name).name == FACTS_FILE


def _where(side: str, exc: DataError) -> str:
    place = f" at line {exc.line}:{exc.col or 1}" if exc.line is not None else ""
    pointer = f" {exc.pointer}:" if exc.pointer else ""
    return f"{side} version{place}:{pointer} {exc.detail}"


def _parse(model: type[BaseModel], raw: bytes, side: str, name: str) -> BaseModel:
    try:
        return parse_model(model, loads(raw, name), raw, name)
    except DataError as exc:
        raise NotMergeable(_where(side, exc)) from None


def merge_documents(
    name: str,
    base: bytes,
    ours: bytes,
    theirs: bytes,
) -> AnnotationFile | FactRegistry:
    """The merged file, conflict records included. Raises NotMergeable."""
    model: type[BaseModel] = FactRegistry if is_registry(name) else AnnotationFile
    base_doc = None if not base.strip() else _parse(model, base, "ancestor", name)
    ours_doc = _parse(model, ours, "our", name)
    theirs_doc = _parse(model, theirs, "their", name)
    try:
        if isinstance(ours_doc, FactRegistry) and isinstance(theirs_doc, FactRegistry):
            assert base_doc is None or isinstance(base_doc, FactRegistry)
            return merge_registries(base_doc, ours_doc, theirs_doc)
        assert isinstance(ours_doc, AnnotationFile) and isinstance(theirs_doc, AnnotationFile)
        assert base_doc is None or isinstance(base_doc, AnnotationFile)
        return merge_annotations(base_doc, ours_doc, theirs_doc)
    except FileConflict as exc:
        raise NotMergeable(str(exc)) from None
