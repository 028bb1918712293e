"""merge_documents: the merge driver's bytes-in core (which model, which fallback)."""

from __future__ import annotations

import pytest

from annotator.merge.documents import NotMergeable, merge_documents
from annotator.model.models import AnnotationFile, FactRegistry
from tests.helpers import ANNOTATIONS


def test_the_path_chooses_the_model_and_an_empty_ancestor_is_none() -> None:
    registry = (ANNOTATIONS / "facts.json").read_bytes()
    annotation = (ANNOTATIONS / "efe-kim-train.json").read_bytes()
    assert isinstance(
        merge_documents("annotations/facts.json", b"", registry, registry), FactRegistry
    )
    assert isinstance(merge_documents("x/efe.json", b"\n", annotation, annotation), AnnotationFile)
    with pytest.raises(NotMergeable, match=r"^our version at line 1:1: facts: required field"):
        merge_documents("annotations/facts.json", b"", annotation, registry)


def test_a_broken_version_is_named_with_its_place() -> None:
    annotation = (ANNOTATIONS / "efe-kim-train.json").read_bytes()
    broken = annotation.replace(b'"label": "attributed"', b'"label": "rumour"', 1)
    with pytest.raises(
        NotMergeable,
        match=r"^ancestor version at line \d+:\d+: spans\[0\]"
        r"\.label: must be",
    ):
        merge_documents("a.json", broken, annotation, annotation)
    with pytest.raises(NotMergeable, match=r"^their version at line 1:\d+: invalid JSON"):
        merge_documents("a.json", annotation, annotation, b"{,")
