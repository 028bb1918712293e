"""W3C Web Annotation export and import (https://www.w3.org/TR/annotation-model/).

An ``AnnotationCollection`` whose ``first`` page embeds every span as an ``Annotation``:
- ``motivation``: ``assessing`` (a fact-check assesses its target);
- ``target``: a ``SpecificResource`` whose ``source`` is the article (its URL, else
  ``urn:annotator:article:<id>``) with a ``TextPositionSelector`` (code points, as the
  model counts characters) and a ``TextQuoteSelector`` (exact, prefix, suffix);
- ``body``: the label as a ``TextualBody`` with purpose ``classifying``; each linked fact
  as a ``SpecificResource`` with purpose ``identifying`` whose ``source`` is the fact
  (``urn:annotator:fact:<fact-id>``, its statement as ``label``); attribution and note as
  ``TextualBody`` with purpose ``commenting``, told apart by their ``label``
  (``attribution`` / ``note``). Bodies carry no ``id``: the test suite takes a body
  with an ``id`` for an External Web Resource, which may not have a ``purpose``;
- ``creator`` (a Person), ``created``, ``modified``.
Only properties of the anno.jsonld context are used. ``import_w3c`` reads it back.
"""

from __future__ import annotations

import hashlib
from typing import Any

from annotator.errors import DataError
from annotator.model.dataset import ARTICLE_IRI, FACT_IRI, Dataset
from annotator.model.models import LABELS, Span
from annotator.store.jsonio import dumps

CONTEXT = "http://www.w3.org/ns/anno.jsonld"
ANNOTATION_IRI = "urn:annotator:annotation:"
COLLECTION_IRI = "urn:annotator:collection:export"


def annotation(article_id: str, source: str, span: Span, statements: dict[str, str]) -> dict[str, Any]:
    iri = f"{ANNOTATION_IRI}{article_id}:{span.id}"
    bodies: list[dict[str, Any]] = [
        {"type": "TextualBody", "purpose": "classifying", "value": span.label,
         "format": "text/plain"},
    ]
    for fact_id in span.facts:
        bodies.append({"type": "SpecificResource", "purpose": "identifying",
                       "source": {"id": FACT_IRI + fact_id, "type": "Text",
                                  "label": statements.get(fact_id, fact_id)}})
    if span.attribution is not None:
        bodies.append({"type": "TextualBody", "purpose": "commenting", "label": "attribution",
                       "value": span.attribution, "format": "text/plain"})
    if span.note is not None:
        bodies.append({"type": "TextualBody", "purpose": "commenting", "label": "note",
                       "value": span.note, "format": "text/plain"})
    return {
        "id": iri,
        "type": "Annotation",
        "motivation": "assessing",
        "creator": {"type": "Person", "name": span.author},
        "created": span.created,
        "modified": span.modified,
        "body": bodies,
        "target": {
            "type": "SpecificResource",
            "source": source,
            "selector": [
                {"type": "TextPositionSelector", "start": span.start, "end": span.end},
                {"type": "TextQuoteSelector", "exact": span.quote, "prefix": span.prefix,
                 "suffix": span.suffix},
            ],
        },
    }


def export_w3c(data: Dataset) -> bytes:
    statements = {f.id: f.statement for f in data.facts}
    items = [annotation(a.id, a.iri, s, statements) for a in data.articles for s in a.spans]
    return dumps({
        "@context": CONTEXT,
        "id": COLLECTION_IRI,
        "type": "AnnotationCollection",
        "label": "annotator: fact-checking annotations",
        "total": len(items),
        "first": {"id": COLLECTION_IRI + ":page1", "type": "AnnotationPage", "startIndex": 0,
                  "items": items},
    })


def _fail(path: str, where: str, message: str) -> DataError:
    return DataError(path, message, pointer=where)


def import_w3c(document: Any, path: str, article_for_source: dict[str, str]) -> dict[str, list[Span]]:
    """Spans per article id from a collection (or a page, or one annotation) we exported.

    ``article_for_source`` maps target sources (URLs or urn:annotator:article: IRIs) to
    article ids. Raises DataError (one line, with the JSON path) on anything else.
    """
    if isinstance(document, dict) and document.get("type") == "AnnotationCollection":
        page = document.get("first")
        items = page.get("items") if isinstance(page, dict) else None
        base = "first.items"
    elif isinstance(document, dict) and document.get("type") == "AnnotationPage":
        items, base = document.get("items"), "items"
    elif isinstance(document, dict) and document.get("type") == "Annotation":
        items, base = [document], ""
    else:
        raise _fail(path, "", "not a W3C AnnotationCollection, AnnotationPage or Annotation")
    if not isinstance(items, list):
        raise _fail(path, base, "no list of annotations")
    out: dict[str, list[Span]] = {}
    for index, item in enumerate(items):
        where = f"{base}[{index}]" if base else "(annotation)"
        article_id, span = _span(item, path, where, article_for_source)
        out.setdefault(article_id, []).append(span)
    return out


def _span(item: Any, path: str, where: str, sources: dict[str, str]) -> tuple[str, Span]:
    try:
        target = item["target"]
        source = target["source"]
        selectors = {s["type"]: s for s in target["selector"]}
        position, quote = selectors["TextPositionSelector"], selectors["TextQuoteSelector"]
        iri = item["id"]
    except (KeyError, TypeError) as exc:
        raise _fail(path, where, f"missing {exc} (needs target.source, both selectors, id)") from None
    article_id = sources.get(source) or (source[len(ARTICLE_IRI):]
                                         if source.startswith(ARTICLE_IRI) else None)
    if article_id is None:
        raise _fail(path, where + ".target.source", f"unknown article {source!r}")
    label, facts, attribution, note = None, [], None, None
    for body in item.get("body") or []:
        purpose, value = body.get("purpose"), body.get("value")
        source = body.get("source")
        fact_iri = source.get("id", "") if isinstance(source, dict) else str(source or "")
        if purpose == "classifying" and value in LABELS:
            label = value
        elif purpose in ("identifying", "linking") and fact_iri.startswith(FACT_IRI):
            facts.append(fact_iri[len(FACT_IRI):])
        elif purpose == "commenting" and body.get("label") == "attribution":
            attribution = value
        elif purpose == "commenting":
            note = value
    if label is None:
        raise _fail(path, where + ".body", "no classifying body with a label")
    span_id = iri.rsplit(":", 1)[-1] if iri.startswith(ANNOTATION_IRI) else None
    creator = item.get("creator") or {}
    try:
        span = Span(
            id=span_id or "w3c-" + hashlib.sha1(str(iri).encode()).hexdigest()[:10], start=position["start"],
            end=position["end"], quote=quote["exact"], prefix=quote.get("prefix", ""),
            suffix=quote.get("suffix", ""), label=label, facts=facts, attribution=attribution,
            note=note, author=creator.get("name", "w3c-import") if isinstance(creator, dict)
            else str(creator), created=item["created"], modified=item.get("modified", item["created"]),
        )
    except (KeyError, ValueError, TypeError) as exc:
        raise _fail(path, where, f"not a valid span: {str(exc).splitlines()[0]}") from None
    return article_id, span
