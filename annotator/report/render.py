"""The cross-source fact report in three renderings: text (Rich), markdown, html.

Every string from the data is untrusted: Rich gets ``Text`` objects (never markup),
markdown escapes table syntax and HTML, html escapes everything.
"""

from __future__ import annotations

import html
import io

from rich.console import Console, Group
from rich.table import Table
from rich.text import Text

from annotator.model.display import one_line_visible
from annotator.model.matrix import ASCII_GLYPHS, FactMatrix
from annotator.model.models import LABEL_GLYPHS, LABELS

TITLE = "Which sources confirm or dispute each fact"


def _glyphs(ascii_only: bool) -> dict[str, str]:
    return ASCII_GLYPHS if ascii_only else LABEL_GLYPHS


def legend(ascii_only: bool = False) -> str:
    table = _glyphs(ascii_only)
    return (
        "  ".join(f"{table[label]} {label}" for label in LABELS)
        + "  ·  ⚠ sources disagree (one confirms, another disputes)"
    )


def _header(column) -> str:  # type: ignore[no-untyped-def]
    return f"{column.outlet or '—'}\n{column.article_id}"


# -- text --------------------------------------------------------------------------------
def render_text(
    matrix: FactMatrix, *, width: int = 160, ascii_only: bool = False, color: bool = False
) -> str:
    table = Table(title=TITLE, show_lines=False, expand=False, title_justify="left")
    table.add_column("fact", overflow="fold", max_width=48)
    for column in matrix.columns:
        table.add_column(
            Text(
                one_line_visible(column.outlet or "—", 18)
                + "\n"
                + one_line_visible(column.article_id, 24)
            ),
            justify="center",
        )
    glyphs = _glyphs(ascii_only)
    for label in LABELS:
        table.add_column(glyphs[label], justify="right")
    table.add_column("⚠", justify="center")
    for row in matrix.rows:
        name: Text = Text(one_line_visible(row.fact_id), style="bold")
        if row.fact is None:
            name.append(" (not in the registry)")
        else:
            name.append("\n" + one_line_visible(row.fact.statement), style="dim")
        cells = [
            Text(row.cells[c.article_id].glyphs(ascii_only))
            if c.article_id in row.cells
            else Text("·", style="dim")
            for c in matrix.columns
        ]
        totals = [Text(str(row.counts[label]) if row.counts[label] else "") for label in LABELS]
        table.add_row(name, *cells, *totals, Text("⚠" if row.disagree else ""))
    unlinked = Table(title="Spans that link no fact", title_justify="left")
    for heading in ("article", "label", "quote"):
        unlinked.add_column(heading, overflow="fold")
    for article_id, span in matrix.unlinked:
        unlinked.add_row(
            Text(one_line_visible(article_id)),
            Text(f"{glyphs[span.label]} {span.label}"),
            Text("“" + one_line_visible(span.quote, 100) + "”"),
        )
    coverage = Table(title="Coverage: spans per label", title_justify="left")
    coverage.add_column("article")
    for label in LABELS:
        coverage.add_column(f"{glyphs[label]} {label}", justify="right")
    coverage.add_column("total", justify="right")
    for column in matrix.columns:
        counts = matrix.coverage[column.article_id]
        coverage.add_row(
            Text(one_line_visible(column.article_id)),
            *(Text(str(counts[label])) for label in LABELS),
            Text(str(sum(counts.values()))),
        )
    console = Console(
        file=io.StringIO(),
        width=width,
        record=True,
        color_system="truecolor" if color else None,
        force_terminal=color,
    )
    console.print(Group(table, Text(legend(ascii_only)), Text(""), unlinked, Text(""), coverage))
    return console.export_text(styles=color)


# -- markdown ------------------------------------------------------------------------------
_MD_ENTITIES = {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;"}
#: The characters that start markdown syntax inside a table cell (code spans, emphasis,
#: links, images, autolinks, strikethrough, cell breaks), backslash-escaped. Any ASCII
#: punctuation may be escaped in CommonMark and GFM.
_MD_PUNCTUATION = frozenset("\\`*_{}[]()!|~:")


def _md(value: str) -> str:
    """Data as literal markdown text: HTML characters as entities, every markdown
    punctuation character backslash-escaped (no code spans, links, images, tables)."""
    out = []
    for char in one_line_visible(value):
        if char in _MD_ENTITIES:
            out.append(_MD_ENTITIES[char])
        elif char in _MD_PUNCTUATION:
            out.append("\\" + char)
        else:
            out.append(char)
    return "".join(out)


def render_markdown(matrix: FactMatrix, *, ascii_only: bool = False) -> str:
    glyphs = _glyphs(ascii_only)
    out = [f"# {TITLE}", "", html.escape(legend(ascii_only), quote=False), ""]
    header = ["fact"] + [f"{_md(c.outlet or '—')}<br>{_md(c.article_id)}" for c in matrix.columns]
    header += [glyphs[label] for label in LABELS] + ["disagree"]
    out.append("| " + " | ".join(header) + " |")
    out.append(
        "|" + "|".join(["---"] + [":-:"] * len(matrix.columns) + ["--:"] * 4 + [":-:"]) + "|"
    )
    for row in matrix.rows:
        fact_cell = f"**{_md(row.fact_id)}**<br>" + (
            _md(row.fact.statement) if row.fact else "(not in the registry)"
        )
        marks = [
            row.cells[c.article_id].glyphs(ascii_only) if c.article_id in row.cells else "·"
            for c in matrix.columns
        ]
        totals = [str(row.counts[label]) if row.counts[label] else "" for label in LABELS]
        out.append(
            "| " + " | ".join([fact_cell, *marks, *totals, "⚠" if row.disagree else ""]) + " |"
        )
    out += ["", "## Spans that link no fact", "", "| article | label | quote |", "|---|---|---|"]
    for article_id, span in matrix.unlinked:
        out.append(
            f"| {_md(article_id)} | {glyphs[span.label]} {span.label} | “{_md(span.quote)}” |"
        )
    out += [
        "",
        "## Coverage: spans per label",
        "",
        "| article | " + " | ".join(f"{glyphs[lbl]} {lbl}" for lbl in LABELS) + " | total |",
        "|---|" + "--:|" * (len(LABELS) + 1),
    ]
    for column in matrix.columns:
        counts = matrix.coverage[column.article_id]
        out.append(
            f"| {_md(column.article_id)} | "
            + " | ".join(str(counts[lbl]) for lbl in LABELS)
            + f" | {sum(counts.values())} |"
        )
    return "\n".join(out) + "\n"


# -- html ------------------------------------------------------------------------------------
_CSS = """
body { font: 15px/1.45 system-ui, sans-serif; margin: 2rem; color: #1d2125; background: #fff; }
h1 { font-size: 1.4rem; } h2 { font-size: 1.1rem; margin-top: 2rem; }
table { border-collapse: collapse; margin: .5rem 0; }
th, td { border: 1px solid #d0d5db; padding: .3rem .5rem; vertical-align: top; }
th { background: #f1f3f5; font-weight: 600; }
td.cell { text-align: center; font-size: 1.1rem; letter-spacing: .1rem; }
td.num { text-align: right; }
.statement { color: #555; font-size: .9rem; }
.confirmed { color: #1a7f37; } .disputed { color: #c62828; font-weight: 700; }
.attributed { color: #1f5fa8; font-style: italic; } .opinion { color: #8a5a00; }
tr.disagree td:first-child { border-left: 4px solid #c62828; }
.legend span { margin-right: 1rem; }
@media (prefers-color-scheme: dark) {
  body { background: #16181b; color: #e6e6e6; } th { background: #23272c; }
  th, td { border-color: #3a3f45; } .statement { color: #a8b0b8; }
  .confirmed { color: #57c26b; } .disputed { color: #ff6b6b; }
  .attributed { color: #6aa9ff; } .opinion { color: #e0a545; }
}
"""


def _h(value: str) -> str:
    return html.escape(one_line_visible(value), quote=True)


def render_html(matrix: FactMatrix, *, ascii_only: bool = False) -> str:
    glyphs = _glyphs(ascii_only)

    def glyph_spans(labels: list[str]) -> str:
        return "".join(
            f'<span class="{lbl}" title="{lbl}">{html.escape(glyphs[lbl])}</span>' for lbl in labels
        )

    parts = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        f"<title>{html.escape(TITLE)}</title>",
        f"<style>{_CSS}</style>",
        "</head>",
        "<body>",
        f"<h1>{html.escape(TITLE)}</h1>",
        '<p class="legend">',
    ]
    parts += [f"<span>{glyph_spans([lbl])} {lbl}</span>" for lbl in LABELS]
    parts += ["<span>⚠ sources disagree</span></p>", "<table>", "<thead><tr><th>fact</th>"]
    parts += [
        f"<th>{_h(c.outlet or '—')}<br><code>{_h(c.article_id)}</code></th>" for c in matrix.columns
    ]
    parts += [f"<th>{glyph_spans([lbl])}</th>" for lbl in LABELS] + [
        "<th>disagree</th></tr></thead>",
        "<tbody>",
    ]
    for row in matrix.rows:
        statement = _h(row.fact.statement) if row.fact else "(not in the registry)"
        row_class = ' class="disagree"' if row.disagree else ""
        parts.append(
            f"<tr{row_class}><td><strong>{_h(row.fact_id)}</strong>"
            f'<div class="statement">{statement}</div></td>'
        )
        for column in matrix.columns:
            cell = row.cells.get(column.article_id)
            parts.append(f'<td class="cell">{glyph_spans(cell.labels) if cell else "·"}</td>')
        parts += [f'<td class="num">{row.counts[lbl] or ""}</td>' for lbl in LABELS]
        parts.append(f'<td class="cell">{"⚠" if row.disagree else ""}</td></tr>')
    parts += [
        "</tbody></table>",
        "<h2>Spans that link no fact</h2>",
        "<table>",
        "<thead><tr><th>article</th><th>label</th><th>quote</th></tr></thead><tbody>",
    ]
    for article_id, span in matrix.unlinked:
        parts.append(
            f"<tr><td><code>{_h(article_id)}</code></td><td>{glyph_spans([span.label])} "
            f"{span.label}</td><td>“{_h(span.quote)}”</td></tr>"
        )
    parts += [
        "</tbody></table>",
        "<h2>Coverage: spans per label</h2>",
        "<table><thead><tr>",
        "<th>article</th>",
    ] + [f"<th>{glyph_spans([lbl])} {lbl}</th>" for lbl in LABELS]
    parts += ["<th>total</th></tr></thead><tbody>"]
    for column in matrix.columns:
        counts = matrix.coverage[column.article_id]
        parts.append(
            f"<tr><td><code>{_h(column.article_id)}</code></td>"
            + "".join(f'<td class="num">{counts[lbl]}</td>' for lbl in LABELS)
            + f'<td class="num">{sum(counts.values())}</td></tr>'
        )
    parts += ["</tbody></table>", "</body>", "</html>"]
    return "\n".join(parts) + "\n"
