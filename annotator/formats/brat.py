"""brat standoff export and import (https://brat.nlplab.org/standoff.html).

Per article: ``<id>.txt`` (the canonical text) and ``<id>.ann``:
- ``T`` lines: ``T1<TAB>Confirmed 10 42<TAB>text``; the label is the entity type. brat
  offsets are character offsets into the .txt (Python string indexes: code points, as
  ours). A span crossing a line break becomes discontinuous pieces ``10 20;21 42`` (a T
  line cannot hold a newline) and its text is the pieces joined by one space, as brat
  writes it.
- ``N`` lines: ``N1<TAB>Reference T1 RID:fact-id<TAB>statement`` link facts.
- ``#`` lines: ``#1<TAB>AnnotatorNotes T1<TAB>…`` carry attribution and note (one line,
  newlines written as a visible ``⏎``).
Plus ``annotation.conf`` (the four entity types, every overlap allowed), ``tools.conf``
(the ``RID`` normalization resource) and ``<id>.annotator.json``: the span ids, authors,
times and exact attribution/note that standoff has no place for, so that importing what
we exported is lossless. A .ann made or edited in brat imports without it.
"""

from __future__ import annotations

import re
from typing import Any

import orjson

from annotator.errors import DataError
from annotator.model.dataset import ArticleData, Dataset
from annotator.model.models import LABELS, Span, now
from annotator.model.text import context
from annotator.store.jsonio import dumps

TYPES = {label: label.capitalize() for label in LABELS}
LABEL_OF = {v: k for k, v in TYPES.items()}

# The line shapes brat's own parser accepts (brat server/src/annotation.py:
# TextBoundAnnotation, NormalizationAnnotation, OnelineCommentAnnotation parsing).
T_LINE = re.compile(r"^(T\d+)\t(\S+) (\d+ \d+(?:;\d+ \d+)*)\t(.*)$")
N_LINE = re.compile(r"^(N\d+)\tReference (T\d+) (\S+):(\S+)(?:\t(.*))?$")
NOTE_LINE = re.compile(r"^(#\d+)\tAnnotatorNotes (T\d+)\t(.*)$")

ANNOTATION_CONF = """\
# annotator: fact-checking labels as brat entity types.
[entities]
Confirmed
Disputed
Attributed
Opinion

[relations]
# Spans may overlap and nest freely.
<OVERLAP>\tArg1:<ENTITY>, Arg2:<ENTITY>, <OVL-TYPE>:<ANY>

[events]

[attributes]
"""

TOOLS_CONF = """\
# annotator: facts are normalized against the registry (annotations/facts.json).
[normalization]
RID\t<URL>:urn:annotator:facts, <URLBASE>:urn:annotator:fact:%s
"""


def pieces(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The span cut at line breaks, without empty pieces."""
    out, pos = [], start
    for line in text[start:end].split("\n"):
        if line:
            out.append((pos, pos + len(line)))
        pos += len(line) + 1
    return out


def _one_line(value: str) -> str:
    return value.replace("\r", "").replace("\n", "⏎").replace("\t", " ")


def ann_file(article: ArticleData, statements: dict[str, str]) -> tuple[str, dict[str, Any]]:
    lines, meta = [], {}
    n = note = 0
    for index, span in enumerate(article.spans, 1):
        tid = f"T{index}"
        cut = pieces(article.text, span.start, span.end)
        offsets = ";".join(f"{a} {b}" for a, b in cut)
        shown = " ".join(article.text[a:b] for a, b in cut)
        lines.append(f"{tid}\t{TYPES[span.label]} {offsets}\t{shown}")
        for fact in span.facts:
            n += 1
            lines.append(f"N{n}\tReference {tid} RID:{fact}\t{_one_line(statements.get(fact, fact))}")
        for kind, value in (("attribution", span.attribution), ("note", span.note)):
            if value is not None:
                note += 1
                lines.append(f"#{note}\tAnnotatorNotes {tid}\t{kind}: {_one_line(value)}")
        meta[tid] = {"id": span.id, "start": span.start, "end": span.end,
                     "attribution": span.attribution, "note": span.note,
                     "author": span.author, "created": span.created, "modified": span.modified}
    return "".join(line + "\n" for line in lines), meta


def export_brat(data: Dataset) -> dict[str, bytes]:
    """File name -> bytes for the brat folder."""
    statements = {f.id: f.statement for f in data.facts}
    files = {"annotation.conf": ANNOTATION_CONF.encode(), "tools.conf": TOOLS_CONF.encode()}
    for article in data.articles:
        ann, meta = ann_file(article, statements)
        files[f"{article.id}.txt"] = article.text.encode("utf-8")
        files[f"{article.id}.ann"] = ann.encode("utf-8")
        files[f"{article.id}.annotator.json"] = dumps({"version": 1, "spans": meta})
    return files


def import_brat(ann: str, text: str, path: str, meta_raw: bytes | None) -> list[Span]:
    """Spans from one .ann (with our sidecar if present) over the article's text."""
    meta: dict[str, Any] = orjson.loads(meta_raw)["spans"] if meta_raw else {}
    spans: dict[str, dict[str, Any]] = {}
    order: list[str] = []
    for number, line in enumerate(ann.splitlines(), 1):
        if not line.strip():
            continue
        if m := T_LINE.match(line):
            tid, kind, offsets, shown = m.groups()
            if kind not in LABEL_OF:
                raise DataError(path, f"entity type {kind!r} is not a label", line=number, col=1)
            cut = [tuple(int(x) for x in part.split()) for part in offsets.split(";")]
            if any(not 0 <= a < b <= len(text) for a, b in cut):
                raise DataError(path, f"{tid} offsets out of the text", line=number, col=1)
            if " ".join(text[a:b] for a, b in cut) != shown:
                raise DataError(path, f"{tid} text differs from the .txt at its offsets",
                                line=number, col=1)
            spans[tid] = {"label": LABEL_OF[kind], "start": cut[0][0], "end": cut[-1][1],
                          "facts": [], "attribution": None, "note": None}
            order.append(tid)
        elif m := N_LINE.match(line):
            _, tid, _db, fact, _ = m.groups()
            if tid not in spans:
                raise DataError(path, f"{tid} is not defined before its N line", line=number, col=1)
            spans[tid]["facts"].append(fact)
        elif m := NOTE_LINE.match(line):
            _, tid, value = m.groups()
            if tid in spans:
                kind, _, rest = value.partition(": ")
                key = kind if kind in ("attribution", "note") and rest else "note"
                spans[tid][key] = rest if key == kind else value
        else:
            raise DataError(path, "not a T, N or AnnotatorNotes line", line=number, col=1)
    out = []
    stamp = now()
    for tid in order:
        found, extra = spans[tid], meta.get(tid, {})
        start, end = extra.get("start", found["start"]), extra.get("end", found["end"])
        prefix, suffix = context(text, start, end)
        out.append(Span(
            id=extra.get("id", "brat-" + tid), start=start, end=end, quote=text[start:end],
            prefix=prefix, suffix=suffix, label=found["label"], facts=found["facts"],
            attribution=extra["attribution"] if "attribution" in extra else found["attribution"],
            note=extra["note"] if "note" in extra else found["note"],
            author=extra.get("author", "brat"), created=extra.get("created", stamp),
            modified=extra.get("modified", stamp),
        ))
    return out
