"""The json bundle, jsonl (one span per line) and csv (RFC 4180) exports."""

from __future__ import annotations

import csv
import io
from typing import Any

import orjson

from annotator.model.dataset import Dataset
from annotator.store.jsonio import dumps

#: Columns of jsonl and csv, in order. In csv, list columns hold JSON arrays.
COLUMNS = [
    "article_id",
    "outlet",
    "title",
    "span_id",
    "label",
    "quote",
    "start",
    "end",
    "prefix",
    "suffix",
    "fact_ids",
    "fact_statements",
    "attribution",
    "note",
    "author",
    "created",
    "modified",
]


def rows(data: Dataset) -> list[dict[str, Any]]:
    facts = data.facts_by_id
    out = []
    for article in data.articles:
        for span in article.spans:
            out.append(
                {
                    "article_id": article.id,
                    "outlet": article.outlet,
                    "title": article.title,
                    "span_id": span.id,
                    "label": span.label,
                    "quote": span.quote,
                    "start": span.start,
                    "end": span.end,
                    "prefix": span.prefix,
                    "suffix": span.suffix,
                    "fact_ids": list(span.facts),
                    "fact_statements": [
                        facts[f].statement if f in facts else None for f in span.facts
                    ],
                    "attribution": span.attribution,
                    "note": span.note,
                    "author": span.author,
                    "created": span.created,
                    "modified": span.modified,
                }
            )
    return out


def export_json(data: Dataset) -> bytes:
    """One bundle: corpus metadata with each article's spans, and the fact registry."""
    return dumps(
        {
            "format": "annotator-bundle",
            "version": 1,
            "articles": [
                {
                    "id": a.id,
                    "title": a.title,
                    "outlet": a.outlet,
                    "url": a.url,
                    "date": a.date,
                    "sha256": a.sha256,
                    "length": len(a.text),
                    "spans": [s.model_dump(mode="json") for s in a.spans],
                }
                for a in data.articles
            ],
            "facts": [f.model_dump(mode="json") for f in data.facts],
        }
    )


def export_jsonl(data: Dataset) -> bytes:
    return b"".join(orjson.dumps(row) + b"\n" for row in rows(data))


#: A cell starting with one of these is a formula to a spreadsheet (OWASP CSV injection).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def guard_cell(value: str) -> str:
    """A leading single quote before a cell a spreadsheet would run as a formula."""
    return "'" + value if value.startswith(FORMULA_START) else value


def export_csv(data: Dataset) -> bytes:
    buffer = io.StringIO(newline="")
    writer = csv.DictWriter(
        buffer, fieldnames=COLUMNS, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL
    )
    writer.writeheader()
    for row in rows(data):
        writer.writerow(
            {
                key: (
                    orjson.dumps(value).decode()
                    if isinstance(value, list)
                    else ""
                    if value is None
                    else guard_cell(value)
                    if isinstance(value, str)
                    else value
                )
                for key, value in row.items()
            }
        )
    return buffer.getvalue().encode("utf-8")
