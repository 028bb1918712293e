"""Per-file checks: one annotation file or the fact registry, from raw JSON.

Semantic rules run on the parsed dicts, not only through the model, so one broken span
does not hide the problems of the others: every span that can be checked is checked.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import orjson
from pydantic import BaseModel, ValidationError

from annotator.errors import DataError
from annotator.model.jsonpos import Locator, pointer
from annotator.model.models import FACT_LABELS, AnnotationFile, FactRegistry
from annotator.model.text import context, sha256_text, utf8_problem
from annotator.model.validation import problems
from annotator.store.files import read_bytes
from annotator.store.jsonio import kind_of
from annotator.validate.codes import CODES
from annotator.validate.findings import Finding

_EMPTY_RANGE = "must be greater than start"


@dataclass
class FileReport:
    """What one file contributes: findings plus facts for the cross-file rules."""

    path: Path
    display: str
    raw: bytes = b""
    findings: list[Finding] = field(default_factory=list)
    spans: int = 0
    article: str | None = None
    #: The file's ``article.sha256``, when it is a string.
    sha256: str | None = None
    #: "gold" or the analyst whose layer (``by/<name>/``) the file belongs to.
    layer: str = "gold"
    #: (fact id, label) pairs this file's spans make.
    links: list[tuple[str, str]] = field(default_factory=list)
    _locator: Locator | None = None

    def add(self, code: str, path: tuple[str | int, ...], message: str) -> None:
        where = None
        if path or self.raw:
            if self._locator is None:
                self._locator = Locator(self.raw.decode("utf-8", errors="replace"))
            where = self._locator.locate(path)
        severity = CODES[code][0]
        self.findings.append(
            Finding(
                path=self.display,
                line=where[0] if where else None,
                col=where[1] if where else None,
                pointer=pointer(path),
                code=code,
                severity=severity,
                message=(f"{pointer(path)}: " if path else "") + message,
            )
        )


class _Unreadable:
    """What ``_read`` returns after recording E100/E101 (``None`` is a JSON value)."""


UNREADABLE = _Unreadable()


def _read(report: FileReport) -> Any:
    """Bytes -> JSON, or UNREADABLE after recording E100/E101."""
    try:
        report.raw = read_bytes(report.path, root=report.path.parent)
    except DataError as exc:
        report.add("E100", (), exc.detail)
        return UNREADABLE
    try:
        return orjson.loads(report.raw)
    except orjson.JSONDecodeError as exc:
        bad = utf8_problem(report.raw)
        if bad is not None:
            line, col, message = bad
            report.findings.append(Finding(report.display, line, col, "", "E100", "error", message))
            return UNREADABLE
        reason = (exc.msg or "invalid JSON").split(":")[0]
        report.findings.append(
            Finding(
                report.display,
                exc.lineno,
                exc.colno,
                "",
                "E101",
                "error",
                f"invalid JSON: {reason}",
            )
        )
        return UNREADABLE


def _schema(
    report: FileReport,
    model: type[BaseModel],
    data: Any,
    special: Callable[[tuple[str | int, ...], str], str | None],
) -> bool:
    """Validate against the model; one finding per problem. True if valid."""
    if not isinstance(data, dict):
        report.add("E102", (), f"the document must be an object, got {kind_of(data)}")
        return False
    try:
        model.model_validate(data)
        return True
    except ValidationError as exc:
        for problem in problems(exc):
            if _EMPTY_RANGE in problem.raw_message:
                continue  # reported as E302 by the span rules
            code = special(problem.loc, problem.kind) or "E102"
            report.add(code, problem.loc, problem.message)
        return False


def _int(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def check_registry(report: FileReport) -> dict[str, int]:
    """Check facts.json; returns fact id -> index for every fact with a usable id."""
    data = _read(report)
    if data is UNREADABLE:
        return {}

    def special(loc: tuple[str | int, ...], kind: str) -> str | None:
        if (
            len(loc) == 3
            and loc[0] == "facts"
            and loc[2] == "id"
            and kind == "string_pattern_mismatch"
        ):
            return "E406"
        if len(loc) == 3 and loc[2] == "statement" and kind == "string_too_short":
            return "E405"
        return None

    _schema(report, FactRegistry, data, special)
    _conflicts(report, data, "E407", "fact")
    facts = data.get("facts") if isinstance(data, dict) else None
    ids: dict[str, int] = {}
    for index, fact in enumerate(facts if isinstance(facts, list) else []):
        if not isinstance(fact, dict):
            continue
        fact_id = fact.get("id")
        statement = fact.get("statement")
        if isinstance(statement, str) and statement and not statement.strip():
            report.add("E405", ("facts", index, "statement"), "statement is only white space")
        if not isinstance(fact_id, str):
            continue
        if fact_id in ids:
            report.add(
                "E404",
                ("facts", index, "id"),
                f"duplicate fact id {fact_id!r} (first at facts[{ids[fact_id]}])",
            )
        else:
            ids[fact_id] = index
    return ids


def check_annotation(
    report: FileReport, text_of: Callable[[str], str | None], facts: dict[str, int] | None
) -> None:
    """Check one annotation file. ``text_of(id)`` is None for an unknown article."""
    data = _read(report)
    if data is UNREADABLE:
        return
    _schema(report, AnnotationFile, data, lambda loc, kind: None)
    _conflicts(report, data, "E308", "span")
    if not isinstance(data, dict):
        return
    spans = data.get("spans")
    spans = spans if isinstance(spans, list) else []
    report.spans = len(spans)
    article = data.get("article")
    article_id = article.get("id") if isinstance(article, dict) else None
    text: str | None = None
    stale = False
    if isinstance(article_id, str):
        report.article = article_id
        if article_id != report.path.stem:
            report.add(
                "E203",
                ("article", "id"),
                f"article.id is {article_id!r} but the file is named {report.path.name!r}",
            )
        digest_value = article.get("sha256") if isinstance(article, dict) else None
        report.sha256 = digest_value if isinstance(digest_value, str) else None
        text = text_of(article_id)
        if text is None:
            report.add("E201", ("article", "id"), f"no article {article_id!r} in the corpus")
        else:
            digest = article.get("sha256") if isinstance(article, dict) else None
            if isinstance(digest, str) and digest != sha256_text(text):
                stale = True
                still = sum(1 for s in spans if _quote_matches(s, text))
                report.add(
                    "E202",
                    ("article", "sha256"),
                    f"article text changed since annotation (sha256 differs); "
                    f"{still} of {len(spans)} spans still match exactly at their offsets",
                )
    _check_spans(report, spans, None if stale else text, facts)
    _check_anchoring(report, spans, data.get("orphans"))


def _check_anchoring(report: FileReport, spans: list[Any], orphans: Any) -> None:
    """W505 for spans re-anchored approximately and not yet accepted; W506 per orphan."""
    for i, span in enumerate(spans):
        anchor = span.get("anchor") if isinstance(span, dict) else None
        if not isinstance(anchor, dict) or anchor.get("status") != "fuzzy":
            continue
        was = anchor.get("was")
        old = was.get("quote") if isinstance(was, dict) else None
        score = anchor.get("score")
        report.add(
            "W505",
            ("spans", i, "anchor"),
            f"span {span.get('id')!r} was re-anchored approximately"
            + (f" (score {score:.2f})" if isinstance(score, int | float) else "")
            + (f", it was {_clip(old)!r}" if isinstance(old, str) else "")
            + ": review it and accept the anchor",
        )
    for i, orphan in enumerate(orphans if isinstance(orphans, list) else []):
        span = orphan.get("span") if isinstance(orphan, dict) else None
        if not isinstance(span, dict):
            continue
        quote = span.get("quote")
        report.add(
            "W506",
            ("orphans", i),
            f"span {span.get('id')!r} could not be placed on the changed text"
            + (f" ({_clip(quote)!r})" if isinstance(quote, str) else "")
            + ": re-attach it to a selection or delete it",
        )


def _conflicts(report: FileReport, data: Any, code: str, kind: str) -> None:
    """One finding per merge conflict record the merge driver left in the file."""
    records = data.get("conflicts") if isinstance(data, dict) else None
    for index, record in enumerate(records if isinstance(records, list) else []):
        record_id = record.get("id") if isinstance(record, dict) else None
        reason = record.get("reason") if isinstance(record, dict) else None
        what = f"{kind} {record_id!r}" if isinstance(record_id, str) else f"a {kind}"
        why = f": {reason}" if isinstance(reason, str) and reason else ""
        report.add(
            code,
            ("conflicts", index),
            f"unresolved merge conflict on {what}{why}; keep base, a or b "
            "(in the app, or by hand: move one version into "
            f"{'spans' if kind == 'span' else 'facts'} and delete the record)",
        )


def _quote_matches(span: Any, text: str) -> bool:
    if not isinstance(span, dict):
        return False
    start, end = _int(span.get("start")), _int(span.get("end"))
    return (
        start is not None
        and end is not None
        and 0 <= start < end <= len(text)
        and text[start:end] == span.get("quote")
    )


def _check_spans(
    report: FileReport, spans: list[Any], text: str | None, facts: dict[str, int] | None
) -> None:
    seen_ids: dict[str, int] = {}
    seen_ranges: dict[tuple[int, int, str], int] = {}
    fact_labels: dict[tuple[int, int, str], dict[str, int]] = {}
    for i, span in enumerate(spans):
        if not isinstance(span, dict):
            continue
        here = ("spans", i)
        span_id, label = span.get("id"), span.get("label")
        start, end = _int(span.get("start")), _int(span.get("end"))
        linked = (
            [f for f in span.get("facts") or [] if isinstance(f, str)]
            if isinstance(span.get("facts"), list)
            else []
        )
        if isinstance(span_id, str):
            if span_id in seen_ids:
                report.add(
                    "E305",
                    (*here, "id"),
                    f"duplicate span id {span_id!r} (first at spans[{seen_ids[span_id]}])",
                )
            else:
                seen_ids[span_id] = i
        if start is not None and end is not None:
            if start >= end:
                report.add("E302", (*here, "end"), f"empty span: start {start} >= end {end}")
            elif isinstance(label, str):
                key = (start, end, label)
                if key in seen_ranges:
                    report.add(
                        "E306",
                        here,
                        f"same range {start}-{end} labelled {label!r} "
                        f"twice (also spans[{seen_ranges[key]}])",
                    )
                else:
                    seen_ranges[key] = i
                if label in FACT_LABELS:
                    for fact in linked:
                        other = fact_labels.setdefault((start, end, fact), {})
                        opposite = "disputed" if label == "confirmed" else "confirmed"
                        if opposite in other:
                            report.add(
                                "E307",
                                here,
                                f"range {start}-{end} is both confirmed and "
                                f"disputed for fact {fact!r} (also spans[{other[opposite]}])",
                            )
                        other.setdefault(label, i)
            if text is not None and start < end:
                _check_text(report, span, i, start, end, text)
        if isinstance(label, str):
            for fact in linked:
                report.links.append((fact, label))
            if label in FACT_LABELS and isinstance(span.get("facts"), list) and not linked:
                report.add("E402", (*here, "facts"), f"a {label} span must link at least one fact")
            attribution = span.get("attribution")
            if label == "attributed" and not (isinstance(attribution, str) and attribution.strip()):
                report.add(
                    "E403",
                    (*here, "attribution"),
                    "an attributed span must say who says so (attribution)",
                )
        if facts is not None:
            for k, fact in enumerate(linked):
                if fact not in facts:
                    report.add("E401", (*here, "facts", k), f"fact {fact!r} is not in the registry")


def _check_text(
    report: FileReport, span: dict[str, Any], i: int, start: int, end: int, text: str
) -> None:
    here = ("spans", i)
    if end > len(text) or start > len(text):
        field_ = "start" if start > len(text) else "end"
        value = start if field_ == "start" else end
        report.add(
            "E301",
            (*here, field_),
            f"{field_} {value} is past the end of the text ({len(text)} code points)",
        )
        return
    quote = span.get("quote")
    if isinstance(quote, str) and quote != text[start:end]:
        report.add(
            "E303",
            (*here, "quote"),
            f"quote differs from the text at {start}-{end}: {_clip(text[start:end])!r}",
        )
    prefix, suffix = context(text, start, end)
    if isinstance(span.get("prefix"), str) and span["prefix"] != prefix:
        report.add(
            "E304",
            (*here, "prefix"),
            f"prefix differs from the text before the span: {_clip(prefix)!r}",
        )
    if isinstance(span.get("suffix"), str) and span["suffix"] != suffix:
        report.add(
            "E304",
            (*here, "suffix"),
            f"suffix differs from the text after the span: {_clip(suffix)!r}",
        )
    first, last = text[start], text[end - 1]
    if first.isspace() or last.isspace():
        report.add("W502", here, "span starts or ends on white space")
    elif (start > 0 and text[start - 1].isalnum() and first.isalnum()) or (
        end < len(text) and text[end].isalnum() and last.isalnum()
    ):
        report.add("W502", here, "span starts or ends inside a word")


def _clip(text: str, width: int = 40) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"
