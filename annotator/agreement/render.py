"""An agreement report as text, markdown or JSON (strings only; the caller writes them)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import orjson

from annotator.agreement.compare import MEASURES, Figures, Report

#: Short column titles for the text and markdown tables.
TITLES: dict[str, str] = {
    "exact_f1": "exact F1",
    "overlap_f1": "overlap F1",
    "label_agreement": "same-range label",
    "cohen_cp": "κ cp",
    "fleiss_cp": "Fleiss cp",
    "alpha_cp": "α cp",
    "cohen_token": "κ token",
    "fleiss_token": "Fleiss token",
    "alpha_token": "α token",
    "u_alpha": "uα",
    "fact_agreement": "fact agree",
    "fact_kappa": "fact κ",
    "fact_fleiss": "fact Fleiss",
}


def _value(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.3f}"


def _columns(report: Report) -> list[str]:
    """The measures worth a column: those with a value somewhere."""
    rows = [report.overall, *(r.figures for r in report.rows)]
    return [m for m in MEASURES if any(f.get(m) is not None for f in rows)] or list(MEASURES)


def _head(report: Report) -> str:
    skipped = f"; {len(report.skipped)} skipped" if report.skipped else ""
    return (
        f"{len(report.layers)} layers ({', '.join(report.layers)}), "
        f"{len(report.articles)} shared articles{skipped}"
    )


def _table(report: Report) -> tuple[list[str], list[list[str]]]:
    columns = _columns(report)
    header = [report.by, *(TITLES[m] for m in columns)]
    body = [[row.name, *(_value(row.figures[m]) for m in columns)] for row in report.rows]
    body.append(["overall", *(_value(report.overall[m]) for m in columns)])
    return header, body


def _clean(text: str) -> str:
    # Layer names and article ids are data: no control characters on the terminal.
    return "".join(c if c.isprintable() else "\ufffd" for c in text)


def render_text(report: Report) -> str:
    header, body = _table(report)
    rows = [header, *([_clean(c) for c in r] for r in body)]
    widths = [max(len(r[i]) for r in rows) for i in range(len(header))]
    lines = [_clean(_head(report))]
    for index, row in enumerate(rows):
        cells = [row[0].ljust(widths[0])] + [
            c.rjust(w) for c, w in zip(row[1:], widths[1:], strict=True)
        ]
        lines.append("  ".join(cells).rstrip())
        if index == 0:
            lines.append("  ".join("-" * w for w in widths))
    for article, reason in report.skipped:
        lines.append(_clean(f"skipped {article}: {reason}"))
    return "\n".join(lines) + "\n"


def _md(text: str) -> str:
    return _clean(text).replace("\\", "\\\\").replace("|", "\\|").replace("<", "&lt;")


def render_markdown(report: Report) -> str:
    header, body = _table(report)
    lines = [
        _md(_head(report)),
        "",
        "| " + " | ".join(header) + " |",
        "|" + "|".join(["---"] + ["---:"] * (len(header) - 1)) + "|",
    ]
    for row in body:
        lines.append("| " + " | ".join(_md(c) for c in row) + " |")
    if report.skipped:
        lines.append("")
        lines.extend(f"- skipped `{_md(a)}`: {_md(r)}" for a, r in report.skipped)
    return "\n".join(lines) + "\n"


def _figures(figures: Figures) -> dict[str, float | None]:
    return {m: figures[m] for m in MEASURES}


def to_json(report: Report) -> dict[str, Any]:
    rows: list[dict[str, Any]] = []
    for row in report.rows:
        item: dict[str, Any] = {report.by: row.name, "figures": _figures(row.figures)}
        if row.layers:
            item["layers"] = row.layers
        rows.append(item)
    return {
        "layers": report.layers,
        "articles": report.articles,
        "by": report.by,
        "overall": _figures(report.overall),
        "rows": rows,
        "skipped": [{"article": a, "reason": r} for a, r in report.skipped],
    }


def render_json(report: Report) -> str:
    return orjson.dumps(to_json(report), option=orjson.OPT_INDENT_2).decode() + "\n"


RENDERERS: dict[str, Callable[[Report], str]] = {
    "text": render_text,
    "markdown": render_markdown,
    "json": render_json,
}
