"""How wide the side panels are: the article text always gets the most room.

The analyst chooses a mode per side panel (``wide``, ``narrow`` or ``hidden``, cycled by
a key and remembered in ``ui.json``, see ``annotator.store.config``); ``plan`` then fits
that choice to the terminal: panels are narrowed, then hidden, until the article pane is
at least ``ARTICLE_MIN`` columns (50 columns of text plus padding and scrollbar) and
wider than each panel. The chosen mode is a ceiling: a hidden panel never reappears by
itself, a panel squeezed by a small terminal comes back when the terminal grows.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Mode = Literal["wide", "narrow", "hidden"]
MODES: tuple[Mode, ...] = ("wide", "narrow", "hidden")
Panel = Literal["articles", "claims"]
PANELS: tuple[Panel, ...] = ("articles", "claims")

#: Columns each panel takes in each mode (its border included).
WIDTHS: dict[Panel, dict[Mode, int]] = {
    "articles": {"wide": 38, "narrow": 24, "hidden": 0},
    "claims": {"wide": 48, "narrow": 26, "hidden": 0},
}
#: The narrowest article pane: 50 columns of text, the 2-column gutter (label glyphs),
#: 1 of padding and the 1-column scrollbar.
ARTICLE_MIN = 54

#: What to try, most shown first. By default the claim panel (the current span's
#: details) is kept longer than the article list (``[`` and ``]`` still move between
#: articles); the panel the analyst last brought back is kept first instead.
_CLAIMS_FIRST: tuple[tuple[Mode, Mode], ...] = (
    ("wide", "wide"),
    ("narrow", "wide"),
    ("wide", "narrow"),
    ("narrow", "narrow"),
    ("hidden", "wide"),
    ("hidden", "narrow"),
    ("wide", "hidden"),
    ("narrow", "hidden"),
    ("hidden", "hidden"),
)
_ARTICLES_FIRST: tuple[tuple[Mode, Mode], ...] = (
    ("wide", "wide"),
    ("wide", "narrow"),
    ("narrow", "wide"),
    ("narrow", "narrow"),
    ("wide", "hidden"),
    ("narrow", "hidden"),
    ("hidden", "wide"),
    ("hidden", "narrow"),
    ("hidden", "hidden"),
)


def _rank(mode: Mode) -> int:
    return MODES.index(mode)


def plan(
    width: int, articles: Mode = "wide", claims: Mode = "wide", first: Panel = "claims"
) -> tuple[Mode, Mode]:
    """The modes (article list, claim panel) to show at ``width`` columns."""
    for a, c in _CLAIMS_FIRST if first == "claims" else _ARTICLES_FIRST:
        if _rank(a) < _rank(articles) or _rank(c) < _rank(claims):
            continue  # never wider than the analyst chose
        a_width, c_width = WIDTHS["articles"][a], WIDTHS["claims"][c]
        article = width - a_width - c_width
        if article >= ARTICLE_MIN and article > max(a_width, c_width):
            return a, c
    return "hidden", "hidden"


def next_mode(mode: Mode) -> Mode:
    """wide -> narrow -> hidden -> wide."""
    return MODES[(_rank(mode) + 1) % len(MODES)]


def parse_mode(value: object, default: Mode = "wide") -> Mode:
    for mode in MODES:
        if value == mode:
            return mode
    return default


@dataclass
class Preferences:
    """The analyst's chosen mode per panel (the ceiling ``plan`` fits to the terminal)
    and which panel keeps its room first when both do not fit."""

    articles: Mode = "wide"
    claims: Mode = "wide"
    first: Panel = "claims"

    @classmethod
    def from_state(cls, state: dict[str, str]) -> Preferences:
        first: Panel = "articles" if state.get("first") == "articles" else "claims"
        return cls(parse_mode(state.get("articles")), parse_mode(state.get("claims")), first)

    def to_state(self) -> dict[str, str]:
        return {"articles": self.articles, "claims": self.claims, "first": self.first}

    def plan(self, width: int) -> tuple[Mode, Mode]:
        return plan(width, self.articles, self.claims, self.first)

    def cycle(self, panel: Panel, shown: Mode) -> Mode:
        """Choose the mode after the one shown now (wide -> narrow -> hidden -> wide), so
        one press always changes what the analyst sees; a panel brought back keeps its
        room first."""
        mode = next_mode(shown)
        if panel == "articles":
            self.articles = mode
        else:
            self.claims = mode
        if mode != "hidden":
            self.first = panel
        return mode
