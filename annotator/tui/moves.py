"""The annotation screen's moves: find, next/previous span, resizing the current span.

Kept out of ``screens/annotate.py`` (which only holds the hook lines): each function
takes the screen and works through its public parts (``view``, ``editor``,
``current_span_id``, ``search_bar``). The pure computations live in
``annotator.model.moves`` and ``annotator.model.find``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from annotator.errors import AnnotatorError
from annotator.model.find import Hit
from annotator.model.moves import Edge, Unit, nudge, step_span

if TYPE_CHECKING:
    from annotator.tui.screens.annotate import AnnotateScreen

#: Action names whose availability ``applies`` decides.
MOVES = frozenset(
    {
        "open_search",
        "search_next",
        "search_previous",
        "search_all",
        "next_span",
        "previous_span",
        "next_incomplete",
        "previous_incomplete",
    }
)


def applies(screen: AnnotateScreen, action: str) -> bool:
    """Whether a move makes sense now (check_action hides it otherwise)."""
    article = screen.editor.article
    if action == "search_all":
        return len(screen.store.corpus) > 0
    if article is None:
        return False
    if action == "open_search":
        return True
    if action in ("search_next", "search_previous"):
        return bool(screen.search_bar.matches)
    spans = article.doc.spans
    if action in ("next_incomplete", "previous_incomplete"):
        return screen.editor.has_incomplete()
    # next/previous span: somewhere to go (another span, or the one span not yet current).
    return len(spans) > 1 or (len(spans) == 1 and spans[0].id != screen.current_span_id)


def show_found(
    screen: AnnotateScreen, matches: list[tuple[int, int]], chosen: tuple[int, int] | None
) -> None:
    """Highlight the matches; the chosen one becomes the selection."""
    screen.view.show_matches(matches)
    if chosen is not None:
        screen.view.select_offsets(*chosen)
    screen.refresh_bindings()


def search_step(screen: AnnotateScreen, direction: int) -> None:
    """F3 / shift+F3 after the bar is closed: from the article's selection."""
    if screen.search_bar.step(direction, screen.view.selection_offsets) is None:
        screen.notify("No match.", markup=False)


def search_all(screen: AnnotateScreen, query: str) -> None:
    from annotator.tui.screens.search_all import SearchAllScreen

    def done(hit: Hit | None) -> None:
        if hit is None:
            return
        article = screen.editor.article
        if article is None or article.id != hit.article_id:
            screen.open_article(hit.article_id)
        screen.view.select_offsets(hit.start, hit.end)
        screen.view.focus()

    screen.app.push_screen(SearchAllScreen(screen.store.corpus, query), done)


def step_to_span(screen: AnnotateScreen, *, forward: bool, incomplete: bool) -> None:
    """Make the next/previous span (lacking something, if ``incomplete``) current and
    select it; the article scrolls to it."""
    article = screen.editor.article
    if article is None:
        return
    step = step_span(
        article.doc.spans,
        current=screen.current_span_id,
        caret=screen.view.selection_offsets[0],
        forward=forward,
        accept=(lambda s: bool(screen.editor.missing(s))) if incomplete else (lambda s: True),
    )
    if step is None:
        screen.notify(
            "Every span has its facts and attribution." if incomplete else "No other span.",
            markup=False,
        )
        return
    screen.select_span(step.span)
    if step.wrapped:
        screen.notify(
            "Went round to the " + ("first" if forward else "last") + " span.", markup=False
        )


def nudge_current(screen: AnnotateScreen, edge: str, direction: int, unit: str) -> None:
    """Move one edge of the current span by a grapheme cluster or a word (one undo step,
    saved at once); the span stays current and selected."""
    article = screen.editor.article
    span = screen.current_span()
    if (
        article is None
        or span is None
        or edge not in ("start", "end")
        or unit not in ("char", "word")
    ):
        return
    start, end = nudge(
        article.text, span, cast(Edge, edge), 1 if direction > 0 else -1, cast(Unit, unit)
    )
    try:
        resized = screen.editor.resize_span(span.id, start, end)
    except AnnotatorError as exc:
        screen.notify(str(exc), title="Not resized", severity="warning", markup=False)
        return
    screen.current_span_id = resized.id
    screen.view.select_offsets(resized.start, resized.end)
    screen.refresh_article()
    if screen.editor.save_error:
        screen.notify(
            screen.editor.save_error,
            title="Not saved (your change is kept)",
            severity="error",
            markup=False,
            timeout=10,
        )
