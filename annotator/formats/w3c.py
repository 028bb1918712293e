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

from pydantic import ValidationError

from annotator.errors import DataError
from annotator.formats.imported import Imported
from annotator.model.dataset import ARTICLE_IRI, FACT_IRI, Dataset
from annotator.model.jsonpos import pointer
from annotator.model.models import LABELS, Span
from annotator.model.validation import problems
from annotator.store.jsonio import dumps

CONTEXT = "http://www.w3.org/ns/anno.jsonld"
ANNOTATION_IRI = "urn:annotator:annotation:"
COLLECTION_IRI = "urn:annotator:collection:export"


def annotation(
    article_id: str, source: str, span: Span, statements: dict[str, str]
) -> dict[str, Any]:
    iri = f"{ANNOTATION_IRI}{article_id}:{span.id}"
    bodies: list[dict[str, Any]] = [
        {
            "type": "TextualBody",
            "purpose": "classifying",
            "value": span.label,
            "format": "text/plain",
        },
    ]
    for fact_id in span.facts:
        bodies.append(
            {
                "type": "SpecificResource",
                "purpose": "identifying",
                "source": {
                    "id": FACT_IRI + fact_id,
                    "type": "Text",
                    "label": statements.get(fact_id, fact_id),
                },
            }
        )
    if span.attribution is not None:
        bodies.append(
            {
                "type": "TextualBody",
                "purpose": "commenting",
                "label": "attribution",
                "value": span.attribution,
                "format": "text/plain",
            }
        )
    if span.note is not None:
        bodies.append(
            {
                "type": "TextualBody",
                "purpose": "commenting",
                "label": "note",
                "value": span.note,
                "format": "text/plain",
            }
        )
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
                {
                    "type": "TextQuoteSelector",
                    "exact": span.quote,
                    "prefix": span.prefix,
                    "suffix": span.suffix,
                },
            ],
        },
    }


def export_w3c(data: Dataset) -> bytes:
    statements = {f.id: f.statement for f in data.facts}
    items = [annotation(a.id, a.iri, s, statements) for a in data.articles for s in a.spans]
    return dumps(
        {
            "@context": CONTEXT,
            "id": COLLECTION_IRI,
            "type": "AnnotationCollection",
            "label": "annotator: fact-checking annotations",
            "total": len(items),
            "first": {
                "id": COLLECTION_IRI + ":page1",
                "type": "AnnotationPage",
                "startIndex": 0,
                "items": items,
            },
        }
    )


def _fail(path: str, where: str, message: str) -> DataError:
    return DataError(path, message, pointer=where or None)


def _types(node: Any) -> set[str]:
    kind = node.get("type", node.get("@type")) if isinstance(node, dict) else None
    if isinstance(kind, str):
        return {kind}
    return {k for k in kind if isinstance(k, str)} if isinstance(kind, list) else set()


def _node_id(node: Any) -> str | None:
    if isinstance(node, dict):
        value = node.get("id", node.get("@id"))
        return value if isinstance(value, str) else None
    return None


def _embedded_pages(document: Any) -> dict[str, dict[str, Any]]:
    """Every AnnotationPage object anywhere in the document, by id (iteratively)."""
    found: dict[str, dict[str, Any]] = {}
    stack = [document]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            if "AnnotationPage" in _types(node) and _node_id(node):
                found.setdefault(_node_id(node) or "", node)
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)
    return found


def _pages(document: dict[str, Any], path: str) -> list[tuple[str, dict[str, Any]]]:
    """The collection's pages in order, following ``first`` and each page's ``next``.

    A page given by IRI must be embedded in the file (anywhere, by its id); one that
    is not is refused by name: fetching pages over the network is not supported.
    """
    embedded = _embedded_pages(document)
    out: list[tuple[str, dict[str, Any]]] = []
    seen: set[int] = set()
    link: Any = document.get("first")
    where = "first"
    while link is not None:
        page = link
        if isinstance(link, str):
            page = embedded.get(link)
            if page is None:
                raise _fail(
                    path,
                    where,
                    f"page {link!r} is not embedded in the file "
                    "(pages are not fetched: save every page into one file)",
                )
        if not isinstance(page, dict):
            raise _fail(path, where, "a page must be an AnnotationPage object or its IRI")
        if id(page) in seen:
            raise _fail(path, where, "the pages' next links form a loop")
        seen.add(id(page))
        out.append((where, page))
        link = page.get("next")
        where = f"page {_node_id(page) or len(out)}.next"
    return out


def import_w3c(
    document: Any, path: str, article_for_source: dict[str, str]
) -> dict[str, list[Span]]:
    """Spans per article id (see ``read_w3c``)."""
    return read_w3c(document, path, article_for_source).spans


def read_w3c(document: Any, path: str, article_for_source: dict[str, str]) -> Imported:
    """Spans per article id and fact statements from a collection, page or annotation.

    Accepts what other tools write too: a paged collection (``first`` and ``next`` as
    embedded objects or IRIs of pages embedded in the file), bodies as one object or an
    IRI string instead of a list, a creator as a list or an IRI. ``article_for_source``
    maps target sources (URLs or urn:annotator:article: IRIs) to article ids. Raises
    DataError (one line, with the JSON path) on anything else.
    """
    types = _types(document)
    sections: list[tuple[str, Any]]
    total: Any = None
    if "AnnotationCollection" in types:
        assert isinstance(document, dict)
        total = document.get("total")
        sections = [
            (f"{where}.items" if where == "first" else f"{where} items", page.get("items"))
            for where, page in _pages(document, path)
        ]
    elif "AnnotationPage" in types:
        assert isinstance(document, dict)
        sections = [("items", document.get("items"))]
    elif "Annotation" in types:
        sections = [("", [document])]
    else:
        raise _fail(path, "", "not a W3C AnnotationCollection, AnnotationPage or Annotation")
    out = Imported()
    count = 0
    for base, items in sections:
        if items is None:
            items = []
        if not isinstance(items, list):
            raise _fail(path, base, "no list of annotations")
        for index, item in enumerate(items):
            where = f"{base}[{index}]" if base else "(annotation)"
            article_id, span = _span(item, path, where, article_for_source, out.statements)
            out.spans.setdefault(article_id, []).append(span)
            count += 1
    if isinstance(total, int) and not isinstance(total, bool) and total != count:
        raise _fail(
            path,
            "total",
            f"the collection says {total} annotations but the file "
            f"embeds {count}: refused rather than importing part of it",
        )
    return out


def _bodies(item: dict[str, Any], path: str, where: str) -> list[dict[str, Any]]:
    """``body`` as a list of objects: a single object or an IRI string is accepted."""
    raw = item.get("body")
    if raw is None:
        return []
    listed = raw if isinstance(raw, list) else [raw]
    out = []
    for index, body in enumerate(listed):
        if isinstance(body, str):
            # An IRI body: a fact of ours is a link; anything else a plain reference.
            body = (
                {"purpose": "identifying", "source": body}
                if body.startswith(FACT_IRI)
                else {"id": body}
            )
        if not isinstance(body, dict):
            raise _fail(path, f"{where}.body[{index}]", "a body must be an object or an IRI")
        out.append(body)
    return out


def _author(creator: Any) -> str:
    if isinstance(creator, list):
        names = [_author(c) for c in creator]
        return ", ".join(n for n in names if n) or "w3c-import"
    if isinstance(creator, dict):
        name = creator.get("name", creator.get("nickname", _node_id(creator)))
        return name if isinstance(name, str) and name.strip() else "w3c-import"
    if isinstance(creator, str) and creator.strip():
        return creator
    return "w3c-import"


def _span(
    item: Any, path: str, where: str, sources: dict[str, str], statements: dict[str, str]
) -> tuple[str, Span]:
    try:
        target = item["target"]
        source = target["source"]
        listed = target["selector"]
        selectors = {s["type"]: s for s in (listed if isinstance(listed, list) else [listed])}
        position, quote = selectors["TextPositionSelector"], selectors["TextQuoteSelector"]
        iri = item["id"]
    except (KeyError, TypeError) as exc:
        raise _fail(
            path, where, f"missing {exc} (needs target.source, both selectors, id)"
        ) from None
    if not isinstance(source, str) or not isinstance(iri, str):
        raise _fail(path, where, "target.source and id must be IRI strings")
    article_id = sources.get(source) or (
        source[len(ARTICLE_IRI) :] if source.startswith(ARTICLE_IRI) else None
    )
    if article_id is None:
        raise _fail(path, where + ".target.source", f"unknown article {source!r}")
    label, facts, attribution, note = None, [], None, None
    for body in _bodies(item, path, where):
        purpose, value = body.get("purpose"), body.get("value")
        source = body.get("source")
        fact_iri = _node_id(source) or "" if isinstance(source, dict) else str(source or "")
        if purpose == "classifying" and value in LABELS:
            label = value
        elif purpose in ("identifying", "linking") and fact_iri.startswith(FACT_IRI):
            fact_id = fact_iri[len(FACT_IRI) :]
            facts.append(fact_id)
            statement = source.get("label") if isinstance(source, dict) else None
            if isinstance(statement, str) and statement.strip():
                statements.setdefault(fact_id, statement)
        elif purpose == "commenting" and body.get("label") == "attribution":
            attribution = value
        elif purpose == "commenting":
            note = value
    if label is None:
        raise _fail(path, where + ".body", "no classifying body with a label")
    span_id = iri.rsplit(":", 1)[-1] if iri.startswith(ANNOTATION_IRI) else None
    try:
        span = Span(
            id=span_id or "w3c-" + hashlib.sha1(str(iri).encode()).hexdigest()[:10],
            start=position["start"],
            end=position["end"],
            quote=quote["exact"],
            prefix=quote.get("prefix", ""),
            suffix=quote.get("suffix", ""),
            label=label,
            facts=facts,
            attribution=attribution,
            note=note,
            author=_author(item.get("creator")),
            created=item["created"],
            modified=item.get("modified", item["created"]),
        )
    except ValidationError as exc:
        first = problems(exc)[0]
        raise _fail(
            path, where, f"not a valid span: {pointer(first.loc) or 'span'}: {first.message}"
        ) from None
    except (KeyError, ValueError, TypeError, AttributeError) as exc:
        raise _fail(path, where, f"not a valid span: {str(exc).splitlines()[0]}") from None
    return article_id, span
