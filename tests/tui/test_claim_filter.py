"""Filtering the claim panel (by label, by fact, incomplete), through keys and the palette,
and kept right by the incremental updates after every change."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Label

from annotator.model.models import LABELS, Span
from annotator.tui.app import AnnotatorApp
from annotator.tui.widgets.claim_filter import ClaimFilter, filter_cycle, next_filter, parse_filter
from tests.helpers import make_app

SIZE = (160, 45)
ARTICLE = "afp-kim-leaves"  # 17 spans: 8 confirmed, 1 disputed, 6 attributed, 2 opinion


def title(app: AnnotatorApp) -> str:
    return str(app.annotate.panel.query_one("#claims-title", Label).render())


def listed(app: AnnotatorApp) -> list[str]:
    listing = app.annotate.panel.spans_list
    return [listing.get_option_at_index(i).id or "" for i in range(listing.option_count)]


def expected(app: AnnotatorApp, keep: ClaimFilter | None) -> list[str]:
    """What the panel must list: the editor's spans the filter keeps, in text order."""
    article = app.editor.article
    assert article is not None
    spans = sorted(article.doc.spans, key=lambda s: s.sort_key)
    return [s.id for s in spans if keep is None or keep.matches(s, app.editor.missing(s))]


def spans(app: AnnotatorApp) -> list[Span]:
    assert app.editor.article is not None
    return list(app.editor.article.doc.spans)


async def test_v_cycles_through_labels_incomplete_and_facts(workspace: Path) -> None:
    app = make_app(workspace)
    async with app.run_test(size=SIZE) as pilot:
        assert app.editor.article is not None and app.editor.article.id == ARTICLE
        assert title(app) == "Claims (17)"
        facts = sorted({f for s in spans(app) for f in s.facts})
        for step in filter_cycle(facts)[1:]:
            await pilot.press("v")
            await pilot.pause()
            assert app.annotate.panel.filter == step
            assert step is not None
            want = expected(app, step)
            assert listed(app) == want
            assert want or step.kind == "incomplete"  # this article's spans are complete
            assert title(app) == f"Claims ({len(want)} of 17, {step.describe()})"
        await pilot.press("v")  # back to every claim
        await pilot.pause()
        assert app.annotate.panel.filter is None
        assert title(app) == "Claims (17)" and listed(app) == expected(app, None)


async def test_label_filter_titles_and_counts(workspace: Path) -> None:
    app = make_app(workspace)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("v", "v")  # confirmed, then disputed
        await pilot.pause()
        assert title(app) == "Claims (1 of 17, disputed)"
        assert [s.label for s in spans(app) if s.id in listed(app)] == ["disputed"]


async def test_incomplete_filter_follows_every_change(workspace: Path) -> None:
    app = make_app(workspace)
    async with app.run_test(size=SIZE) as pilot:
        screen = app.annotate
        await app.run_action("filter_claims('incomplete')", screen)
        await pilot.pause()
        keep = ClaimFilter("incomplete")
        assert listed(app) == expected(app, keep)
        assert title(app).endswith(", incomplete)")
        before = len(listed(app))
        # A new confirmed span lacks a fact: it appears, in text order.
        article = app.editor.article
        assert article is not None
        start = article.text.index("Mr. Putin is reportedly")
        screen.view.select_offsets(start, start + 23)
        screen.view.focus()
        await pilot.pause()
        screen.action_label("confirmed")  # opens the fact picker
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        new = screen.current_span_id
        assert new is not None and new in listed(app)
        assert listed(app) == expected(app, keep) and len(listed(app)) == before + 1
        # Linking a fact completes it: it leaves the list.
        app.editor.link(new, "kcna-confirmed-visit")
        screen.refresh_article()
        await pilot.pause()
        assert new not in listed(app) and listed(app) == expected(app, keep)
        # Undo brings it back; deleting it removes it for good.
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert new in listed(app) and listed(app) == expected(app, keep)
        screen.current_span_id = new
        screen.action_delete_span()
        await pilot.pause()
        assert new not in listed(app) and listed(app) == expected(app, keep)
        assert title(app) == f"Claims ({len(listed(app))} of 17, incomplete)"


async def test_fact_filter_from_the_palette(workspace: Path) -> None:
    app = make_app(workspace)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"show only fact south-korea-sold")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await pilot.pause()
        keep = ClaimFilter("fact", "south-korea-sold-tanks-to-poland")
        assert app.annotate.panel.filter == keep
        assert listed(app) == expected(app, keep) and len(listed(app)) == 2
        assert title(app) == "Claims (2 of 17, fact south-korea-sold-tanks-to-poland)"
        # Relabelling a listed span keeps it listed, re-rendered in place.
        first = listed(app)[0]
        app.editor.relabel(first, "disputed")
        app.annotate.refresh_article()
        await pilot.pause()
        assert listed(app) == expected(app, keep)
        prompt = str(app.annotate.panel.spans_list.get_option(first).prompt)
        assert "disputed" in prompt


async def test_palette_lists_a_command_per_label_filter(workspace: Path) -> None:
    app = make_app(workspace)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"show only opinion")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await pilot.pause()
        assert app.annotate.panel.filter == ClaimFilter("label", "opinion")
        assert len(listed(app)) == 2
        await app.run_action("filter_claims('all')", app.annotate)
        await pilot.pause()
        assert app.annotate.panel.filter is None and len(listed(app)) == 17


async def test_filter_stays_when_another_article_opens(workspace: Path) -> None:
    app = make_app(workspace)
    async with app.run_test(size=SIZE) as pilot:
        await app.run_action("filter_claims('label:attributed')", app.annotate)
        await pilot.press("right_square_bracket")
        await pilot.pause()
        keep = ClaimFilter("label", "attributed")
        assert app.editor.article is not None and app.editor.article.id != ARTICLE
        assert listed(app) == expected(app, keep)
        total = len(spans(app))
        assert title(app) == f"Claims ({len(listed(app))} of {total}, attributed)"


def test_filter_parsing_and_cycle() -> None:
    assert parse_filter("all") is None
    assert parse_filter("label:disputed") == ClaimFilter("label", "disputed")
    assert parse_filter("fact:eef-opening") == ClaimFilter("fact", "eef-opening")
    assert parse_filter("incomplete") == ClaimFilter("incomplete")
    for bad in ("label:rumour", "fact:", "everything", "incomplete:x"):
        try:
            parse_filter(bad)
        except ValueError as exc:
            assert bad in str(exc)
        else:
            raise AssertionError(bad)
    cycle = filter_cycle(["a-fact"])
    assert cycle[0] is None and cycle[-1] == ClaimFilter("fact", "a-fact")
    assert [c.value for c in cycle[1:5] if c] == list(LABELS)
    assert next_filter(cycle[-1], ["a-fact"]) is None
    assert next_filter(ClaimFilter("fact", "gone"), ["a-fact"]) is None
