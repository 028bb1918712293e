"""The annotation dumper writes exactly the canonical bytes, re-encoding only new spans."""

from __future__ import annotations

import orjson
import pytest

from annotator.model.models import AnnotationFile, ArticleRef, Orphan, Span
from annotator.model.text import sha256_text
from annotator.store import jsonio
from annotator.store.jsonio import AnnotationDumper, dumps
from annotator.store.store import Store

TEXT = (
    "Die Polizei sagte, der Zug sei «pünktlich» gewesen.\n"
    'Officials said "700 kms" — 東京では雨が降った。😀 Ende.\n'
)
STAMP = "2026-01-02T03:04:05Z"


def _span(start: int, end: int, span_id: str, **extra: object) -> Span:
    span = Span.create(TEXT, start, end, "opinion", author="a", span_id=span_id, timestamp=STAMP)
    return span.model_copy(update=extra) if extra else span


def _doc(spans: list[Span], **extra: object) -> AnnotationFile:
    ref = ArticleRef(id="zug", sha256=sha256_text(TEXT))
    return AnnotationFile(article=ref, spans=spans).model_copy(update=extra)


def _canonical(doc: AnnotationFile) -> bytes:
    return dumps(doc.model_copy(update={"spans": doc.sorted_spans()}))


def _count_span_dumps(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The ids of the spans encoded from now on (Span.model_dump is counted)."""
    dumped: list[str] = []
    original = Span.model_dump

    def counting(self: Span, **kwargs: object) -> dict[str, object]:
        dumped.append(self.id)
        return original(self, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(Span, "model_dump", counting)
    return dumped


def test_same_bytes_as_dumps_through_a_run_of_changes() -> None:
    dumper = AnnotationDumper()
    spans = [
        _span(0, 11, "a"),
        _span(30, 41, "b", note='line one\nline "two"\t\\ end'),
        _span(52, 70, "c", facts=["distance"], label="confirmed"),
        _span(71, 82, "d", attribution="東京", label="attributed"),
    ]
    doc = _doc(spans)
    assert dumper.dumps(doc, doc.sorted_spans(), "zug") == _canonical(doc)
    # One span replaced, one deleted, one added: still byte-identical.
    changed = [
        spans[0].model_copy(update={"label": "disputed", "facts": ["x"]}),
        spans[2],
        spans[3],
        _span(5, 9, "e"),
    ]
    doc = _doc(changed)
    assert dumper.dumps(doc, doc.sorted_spans(), "zug") == _canonical(doc)
    empty = _doc([])
    assert dumper.dumps(empty, [], "zug") == _canonical(empty)
    orjson.loads(dumper.dumps(doc, doc.sorted_spans(), "zug"))  # valid JSON


def test_reuses_the_bytes_of_spans_it_has_seen(monkeypatch: pytest.MonkeyPatch) -> None:
    dumper = AnnotationDumper()
    spans = [_span(n, n + 3, f"s{n:03d}") for n in range(0, 60, 4)]
    doc = _doc(spans)
    dumper.dumps(doc, doc.sorted_spans(), "zug")
    dumped = _count_span_dumps(monkeypatch)
    new = spans[1].model_copy(update={"note": "n"})
    doc = _doc([spans[0], new, *spans[2:]])
    out = dumper.dumps(doc, doc.sorted_spans(), "zug")
    monkeypatch.undo()
    assert dumped == [new.id]
    assert out == _canonical(doc)


def test_the_hole_text_elsewhere_in_the_file_changes_nothing() -> None:
    hole = jsonio._SPANS_HOLE
    span = _span(0, 11, "a", note=hole)
    orphan = Orphan(span=_span(12, 17, "o", note=hole), sha256="0" * 64, orphaned=STAMP, score=0)
    doc = _doc([span, _span(20, 25, "b", attribution=hole, label="attributed")], orphans=[orphan])
    assert AnnotationDumper().dumps(doc, doc.sorted_spans(), "zug") == _canonical(doc)


def test_a_file_opened_through_the_store_is_primed(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The spans of a loaded file are encoded when it is read, so the first save after a
    change encodes only the changed span (not the whole file)."""
    article = "afp-kim-leaves"
    doc = store.load_annotations(article)
    assert doc is not None and len(doc.spans) > 3
    dumped = _count_span_dumps(monkeypatch)
    changed = doc.spans[0].model_copy(update={"note": "checked"})
    assert store.save_annotations(doc.model_copy(update={"spans": [changed, *doc.spans[1:]]}))
    monkeypatch.undo()
    assert dumped == [changed.id]
    saved = store.annotation_path(article).read_bytes()
    reread = store.load_annotations(article)
    assert (
        reread is not None
        and dumps(reread.model_copy(update={"spans": reread.sorted_spans()})) == saved
    )
