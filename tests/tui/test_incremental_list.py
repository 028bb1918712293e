"""IncrementalOptionList keeps exactly the line table and rendering of Textual's
OptionList through inserts, removals and prompt changes (it only avoids re-measuring)."""

from __future__ import annotations

import random

from rich.text import Text
from textual.app import App, ComposeResult
from textual.containers import Horizontal
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from annotator.tui.widgets._textual_compat import IncrementalOptionList
from annotator.tui.widgets.article_list import ArticleList, EntryData, entry


class Host(App[None]):
    def compose(self) -> ComposeResult:
        with Horizontal():
            yield OptionList(id="stock")
            yield IncrementalOptionList(id="ours")


def prompt(rng: random.Random, n: int) -> str:
    words = " ".join(
        rng.choice(["claim", "fact", "a much longer word", "界界"])
        for _ in range(rng.randint(1, 12))
    )
    return f"#{n} {words}" + "\nsecond line" * rng.randint(0, 2)


def table(listing: OptionList) -> tuple[list[tuple[int, int]], list[int], list[int]]:
    count = listing.option_count
    return (
        list(listing._lines),
        [listing._heights[i] for i in range(count)],
        [listing._index_to_line[i] for i in range(count)],
    )


async def test_edits_give_the_stock_line_table_and_rendering() -> None:
    rng = random.Random(5)
    app = Host()
    async with app.run_test(size=(100, 30)) as pilot:
        stock = app.query_one("#stock", OptionList)
        ours = app.query_one("#ours", IncrementalOptionList)
        prompts = {f"o{n}": prompt(rng, n) for n in range(40)}
        order = list(prompts)
        ours.set_options([Option(prompts[i], id=i) for i in order])
        fresh = 40
        for round_ in range(60):
            ours.highlighted = rng.randrange(len(order)) if order else None
            chosen = order[ours.highlighted] if ours.highlighted is not None else None
            move = round_ % 3
            if move == 0:
                option_id = f"o{fresh}"
                fresh += 1
                prompts[option_id] = prompt(rng, fresh)
                index = rng.randint(0, len(order))
                order.insert(index, option_id)
                ours.insert_options(index, [Option(prompts[option_id], id=option_id)])
            elif move == 1 and len(order) > 5:
                gone = rng.sample(order, 2)
                order = [i for i in order if i not in gone]
                ours.remove_options(gone)
                if chosen in gone:
                    chosen = None
            else:
                option_id = rng.choice(order)
                prompts[option_id] = prompt(rng, fresh)
                ours.replace_prompts([(option_id, prompts[option_id])])
            stock.set_options([Option(prompts[i], id=i) for i in order])
            await pilot.pause()
            assert [o.id for o in ours.options] == order
            assert (
                ours.highlighted_option is None
                if chosen is None
                else ours.highlighted_option is ours.get_option(chosen)
            )
            assert table(ours) == table(stock)
            assert ours.virtual_size == stock.virtual_size
            for y in range(min(len(ours._lines), 40)):
                index, line = ours._lines[y]
                assert ours.get_option_at_index(index).id == order[index]
                assert stock._lines[y] == (index, line)


async def test_plain_prompts_are_not_measured_but_match() -> None:
    """ASCII entries of the article list get their height from their line count; other
    prompts (wide characters, too long) are measured: both as Textual renders them."""
    app = Host()
    async with app.run_test(size=(100, 30)) as pilot:
        stock = app.query_one("#stock", OptionList)
        ours = app.query_one("#ours", IncrementalOptionList)
        prompts = [
            entry("a title " * 20, "an outlet " * 5, {"confirmed": 3}),
            entry("", None, None),
            entry("t", "o", None, problem=True),
            entry("界" * 80, "😀" * 30, {"opinion": 0}),
            entry("x" * 33, "y", None),
            Text("a\n\nb"),
            Text("tab\there"),
            Text("z" * 80),
        ]
        stock.set_options(prompts)
        ours.set_options([Text(p.plain) if isinstance(p, Text) else p for p in prompts])
        await pilot.pause()
        assert table(ours) == table(stock)
        assert [ours._heights[i] for i in range(3)] == [2, 2, 2]


class EntryHost(App[None]):
    CSS = """
    #stock, #ours { width: 38; border: none; text-wrap: nowrap; text-overflow: ellipsis; }
    """

    def compose(self) -> ComposeResult:
        with Horizontal():
            yield OptionList(id="stock")
            yield ArticleList(id="ours")


async def test_pending_entries_measure_like_their_prompts() -> None:
    """Ids listed before the fill (PendingEntry, prompt built when shown) take the
    height their built prompt has (two rows, at any width: the list does not wrap),
    and show the same text, before and after their data arrives."""
    app = EntryHost()
    async with app.run_test(size=(100, 30)) as pilot:
        stock = app.query_one("#stock", OptionList)
        ours = app.query_one("#ours", ArticleList)
        ids = ["efe-kim-train", "x" * 60, "界" * 30, "a[b]c"]
        stock.set_options([entry(i, None, None) for i in ids])
        ours.show_ids(ids)
        await pilot.pause()

        def rendered(listing: OptionList) -> list[str]:
            strips = listing.render_lines(listing.region.reset_offset)
            return [strip.text for strip in strips][: 2 * len(ids)]  # the entries' rows

        assert table(ours) == table(stock)
        assert [str(o.prompt) for o in ours.options] == [str(o.prompt) for o in stock.options]
        assert rendered(ours) == rendered(stock)
        data = EntryData("界" * 40, "AFP wire (translated) and more", {"opinion": 3}, status="done")
        ours.set_entries([(ids[1], data)])
        stock.replace_option_prompt_at_index(
            1, entry(data.title, data.outlet, data.counts, status=data.status)
        )
        await pilot.pause()
        assert table(ours) == table(stock) and rendered(ours) == rendered(stock)
        for listing in (stock, ours):
            listing.styles.width = 24  # the narrow article list
        await pilot.pause()
        assert table(ours) == table(stock) and rendered(ours) == rendered(stock)
        assert {ours._heights[i] for i in range(len(ids))} == {2}
