"""The fact matrix: which articles confirm, dispute, attribute or opine on each fact.

A pure model (no Textual, no Rich) that the report's renderers and the app's matrix
screen both draw. Each cell keeps its span ids, so the app can jump to the span.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from annotator.model.dataset import Dataset
from annotator.model.models import LABEL_GLYPHS, LABELS, Fact, Span

#: ASCII stand-ins for the glyphs (``--ascii``).
ASCII_GLYPHS = {"confirmed": "C", "disputed": "D", "attributed": "A", "opinion": "O"}


@dataclass(frozen=True)
class Column:
    article_id: str
    outlet: str | None
    title: str


@dataclass
class Cell:
    """What one article's spans say about one fact, in text order."""

    labels: list[str] = field(default_factory=list)
    span_ids: list[str] = field(default_factory=list)

    def glyphs(self, ascii_only: bool = False) -> str:
        table = ASCII_GLYPHS if ascii_only else LABEL_GLYPHS
        return "".join(table[label] for label in self.labels)


@dataclass
class Row:
    fact_id: str
    #: None when spans link an id that is not in the registry.
    fact: Fact | None
    cells: dict[str, Cell]
    counts: dict[str, int]

    @property
    def disagree(self) -> bool:
        """Some article confirms the fact while another disputes it."""
        confirming = {a for a, c in self.cells.items() if "confirmed" in c.labels}
        disputing = {a for a, c in self.cells.items() if "disputed" in c.labels}
        return bool(
            confirming and disputing and (confirming | disputing) != (confirming & disputing)
        )


@dataclass
class FactMatrix:
    columns: list[Column]
    rows: list[Row]
    #: Spans that link no fact: (article id, span), in corpus and text order.
    unlinked: list[tuple[str, Span]]
    #: Spans per label for each article.
    coverage: dict[str, dict[str, int]]


def build_matrix(data: Dataset) -> FactMatrix:
    columns = [Column(a.id, a.outlet, a.title) for a in data.articles]
    known = [f.id for f in data.facts]
    linked_unknown: list[str] = []
    for article in data.articles:
        for span in article.spans:
            for fact_id in span.facts:
                if fact_id not in known and fact_id not in linked_unknown:
                    linked_unknown.append(fact_id)
    facts = data.facts_by_id
    rows = []
    for fact_id in known + linked_unknown:
        cells: dict[str, Cell] = {}
        counts: dict[str, int] = dict.fromkeys(LABELS, 0)
        for article in data.articles:
            cell = Cell()
            for span in article.spans:
                if fact_id in span.facts:
                    cell.labels.append(span.label)
                    cell.span_ids.append(span.id)
                    counts[span.label] += 1
            if cell.labels:
                cells[article.id] = cell
        rows.append(Row(fact_id, facts.get(fact_id), cells, counts))
    unlinked = [(a.id, s) for a in data.articles for s in a.spans if not s.facts]
    coverage: dict[str, dict[str, int]] = {
        a.id: {label: sum(1 for s in a.spans if s.label == label) for label in LABELS}
        for a in data.articles
    }
    return FactMatrix(columns, rows, unlinked, coverage)
