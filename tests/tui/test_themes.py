"""Labels stay distinguishable in every built-in theme, also in a 256-colour terminal."""

from __future__ import annotations

import itertools
import math
from pathlib import Path

from rich.color import Color as RichColor
from rich.color import ColorSystem
from textual.color import Color

from annotator.model.models import LABEL_GLYPHS, LABELS
from annotator.tui.palette import MIN_DISTANCE
from tests.helpers import make_app


def triplet(color: RichColor, system: ColorSystem | None = None) -> tuple[int, int, int]:
    shown = color.downgrade(system) if system else color
    t = shown.get_truecolor()
    return t.red, t.green, t.blue


async def test_label_backgrounds_differ_from_each_other_and_the_selection(workspace: Path) -> None:
    app = make_app(workspace)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        view = app.annotate.view
        assert len(app.available_themes) >= 20
        for theme in app.available_themes:
            app.theme = theme
            await pilot.pause()
            styles = view.label_styles()
            colours: dict[str, RichColor] = {}
            for label in LABELS:
                background = styles[label].bgcolor
                assert background is not None
                colours[label] = background
            colours["selection"] = view.selection_background().rich_color
            colours["article"] = Color.from_rich_color(
                view.background_colors[1].rich_color
            ).rich_color
            for system in (None, ColorSystem.EIGHT_BIT):
                for a, b in itertools.combinations(colours, 2):
                    if {a, b} == {"selection", "article"}:
                        continue  # the theme's own choice
                    gap = math.dist(triplet(colours[a], system), triplet(colours[b], system))
                    assert gap >= MIN_DISTANCE, (theme, system, a, b, gap)


async def test_labels_differ_by_glyph_and_text_style_too(workspace: Path) -> None:
    app = make_app(workspace)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        styles = app.annotate.view.label_styles()
        looks = {
            (bool(styles[x].bold), bool(styles[x].italic), bool(styles[x].underline))
            for x in LABELS
        }
        assert len(looks) == len(LABELS)
        assert len(set(LABEL_GLYPHS[x] for x in LABELS)) == len(LABELS)


async def test_gutter_shows_the_glyph_where_a_span_starts(workspace: Path) -> None:
    app = make_app(workspace)
    async with app.run_test(size=(160, 45)) as pilot:
        await pilot.pause()
        view = app.annotate.view
        article = app.editor.article
        assert article is not None
        for span in article.doc.spans:
            mark = view.gutter_mark(view.visual_row(span.start))
            assert mark is not None
        rows = {view.visual_row(s.start) for s in article.doc.spans}
        empty = next(y for y in range(view.wrapped_document.height) if y not in rows)
        assert view.gutter_mark(empty) is None
        first = min(article.doc.spans, key=lambda s: s.start)
        assert not any(s.start == first.start for s in article.doc.spans if s is not first)
        assert view.gutter_mark(view.visual_row(first.start)) == (
            LABEL_GLYPHS[first.label],
            first.label,
        )
        # The text itself is untouched: each rendered row is the gutter, then the text.
        strip = view.render_line(view.visual_row(first.start) - view.scroll_offset.y)
        rendered = "".join(segment.text for segment in strip)
        text = view.text
        line_start = text.rfind("\n", 0, first.start) + 1
        assert rendered == LABEL_GLYPHS[first.label] + " " + rendered[2:]
        assert rendered[2:].startswith(text[line_start : line_start + 20])
