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
from pydantic import ValidationError

from annotator.errors import DataError
from annotator.formats.imported import Imported
from annotator.model.dataset import ArticleData, Dataset
from annotator.model.jsonpos import pointer
from annotator.model.models import FACT_ID_PATTERN, LABELS, Span, now
from annotator.model.text import context, utf8_problem
from annotator.model.validation import problems
from annotator.store.jsonio import dumps

TYPES = {label: label.capitalize() for label in LABELS}
LABEL_OF = {v: k for k, v in TYPES.items()}

# The line shapes brat's own parser accepts (brat server/src/annotation.py:
# TextBoundAnnotation, NormalizationAnnotation, OnelineCommentAnnotation parsing).
T_LINE = re.compile(r"^(T\d+)\t(\S+) (\d+ \d+(?:;\d+ \d+)*)\t(.*)$")
N_LINE = re.compile(r"^(N\d+)\tReference (T\d+) (\S+):(\S+)(?:\t(.*))?$")
FACT_ID = re.compile(FACT_ID_PATTERN)
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
            lines.append(
                f"N{n}\tReference {tid} RID:{fact}\t{_one_line(statements.get(fact, fact))}"
            )
        for kind, value in (("attribution", span.attribution), ("note", span.note)):
            if value is not None:
                note += 1
                lines.append(f"#{note}\tAnnotatorNotes {tid}\t{kind}: {_one_line(value)}")
        meta[tid] = {
            "id": span.id,
            "start": span.start,
            "end": span.end,
            "attribution": span.attribution,
            "note": span.note,
            "author": span.author,
            "created": span.created,
            "modified": span.modified,
        }
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
    """Spans from one .ann (see ``read_brat``)."""
    return read_brat(ann, text, path, meta_raw).spans.get("", [])


def decode_ann(raw: bytes, path: str) -> str:
    """A .ann file's text; DataError at file:line:col of the first byte not UTF-8."""
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        line, col, message = utf8_problem(raw) or (1, 1, "not UTF-8")
        raise DataError(path, message, line=line, col=col) from None


def _sidecar(meta_raw: bytes | None, path: str) -> dict[str, dict[str, Any]]:
    if not meta_raw:
        return {}
    where = path.removesuffix(".ann") + ".annotator.json"
    try:
        data = orjson.loads(meta_raw)
    except orjson.JSONDecodeError as exc:
        raise DataError(
            where, f"invalid JSON: {(exc.msg or '').split(':')[0]}", line=exc.lineno, col=exc.colno
        ) from None
    spans = data.get("spans") if isinstance(data, dict) else None
    if not isinstance(spans, dict) or not all(isinstance(v, dict) for v in spans.values()):
        raise DataError(
            where, "not an annotator sidecar (needs an object of spans)", pointer="spans"
        )
    return spans


def read_brat(ann: str, text: str, path: str, meta_raw: bytes | None) -> Imported:
    """Spans (under the key ``""``), fact statements and notices from one .ann.

    ``N`` lines normalised against ``RID`` link facts (their text is the statement);
    references to other databases (``Wikidata:Q42``) are kept in the span's note and
    reported as a notice, never linked as facts.
    """
    meta = _sidecar(meta_raw, path)
    result = Imported()
    spans: dict[str, dict[str, Any]] = {}
    order: list[str] = []
    foreign: dict[str, list[str]] = {}
    for number, line in enumerate(ann.splitlines(), 1):
        if not line.strip():
            continue
        if m := T_LINE.match(line):
            tid, kind, offsets, shown = m.groups()
            if kind not in LABEL_OF:
                raise DataError(path, f"entity type {kind!r} is not a label", line=number, col=1)
            limit = len(text)
            cut: list[tuple[int, int]] = []
            for part in offsets.split(";"):
                a_text, b_text = part.split()
                # Compare digit strings before int(): a 10,000-digit offset is refused
                # at once, and no slice of an absurd length is ever built.
                if len(a_text) > len(str(limit)) or len(b_text) > len(str(limit)):
                    raise DataError(
                        path,
                        f"{tid} offsets out of the text ({limit} characters)",
                        line=number,
                        col=1,
                    )
                cut.append((int(a_text), int(b_text)))
            if any(not 0 <= a < b <= limit for a, b in cut):
                raise DataError(
                    path, f"{tid} offsets out of the text ({limit} characters)", line=number, col=1
                )
            if " ".join(text[a:b] for a, b in cut) != shown:
                raise DataError(
                    path, f"{tid} text differs from the .txt at its offsets", line=number, col=1
                )
            spans[tid] = {
                "label": LABEL_OF[kind],
                "start": cut[0][0],
                "end": cut[-1][1],
                "facts": [],
                "attribution": None,
                "note": None,
            }
            order.append(tid)
        elif m := N_LINE.match(line):
            nid, tid, db, fact, statement = m.groups()
            if tid not in spans:
                raise DataError(path, f"{tid} is not defined before its N line", line=number, col=1)
            if db != "RID":
                reference = f"{db}:{fact}" + (f" {statement}" if statement else "")
                foreign.setdefault(tid, []).append(reference)
                result.warnings.append(
                    f"{path}:{number}: {nid} refers to {db}:{fact}, not a fact of the registry: "
                    f"kept in the note of {tid}"
                )
                continue
            if not FACT_ID.match(fact):
                raise DataError(
                    path, f"{nid}: {fact!r} is not a fact id (kebab-case)", line=number, col=1
                )
            spans[tid]["facts"].append(fact)
            if statement and statement.strip():
                result.statements.setdefault(fact, statement.strip())
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
        if not (isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= len(text)):
            raise DataError(
                path.removesuffix(".ann") + ".annotator.json",
                f"{tid}: offsets out of the text",
                pointer=f"spans.{tid}",
            )
        prefix, suffix = context(text, start, end)
        note = extra["note"] if "note" in extra else found["note"]
        if tid in foreign:
            note = "\n".join([*([note] if note else []), *foreign[tid]])
        try:
            out.append(
                Span(
                    id=extra.get("id", "brat-" + tid),
                    start=start,
                    end=end,
                    quote=text[start:end],
                    prefix=prefix,
                    suffix=suffix,
                    label=found["label"],
                    facts=found["facts"],
                    attribution=extra["attribution"]
                    if "attribution" in extra
                    else found["attribution"],
                    note=note,
                    author=extra.get("author", "brat"),
                    created=extra.get("created", stamp),
                    modified=extra.get("modified", stamp),
                )
            )
        except ValidationError as exc:
            first = problems(exc)[0]
            raise DataError(
                path, f"{tid}: {pointer(first.loc) or 'span'}: {first.message}"
            ) from None
    result.spans[""] = out
    return result
