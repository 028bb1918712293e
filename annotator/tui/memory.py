"""Keeping Python's cyclic garbage collector out of the analyst's way.

A 20,000-span article, or a 50,000-article list, is a few million long-lived objects.
Textual allocates many short-lived ones per repaint, and every so often the collector
walks all of them: 100-250 ms pauses in the middle of a key press (profiled with
bench/bench_app_scale.py and bench/bench_corpus_app.py). After a large load the app
collects once and freezes what survived (``gc.freeze``): later collections walk only
what was allocated since. Small articles do not trigger it (their objects are few, and
the full collection would cost more than it saves). Unfreezing first each time means
cyclic garbage from the previous article is still found and freed, so nothing leaks
across opens.
"""

from __future__ import annotations

import gc

#: An article this large is worth a full collection once it is open (~130 ms with a
#: 50,000-article list loaded: too much to pay on every ``]`` through small articles).
LARGE_SPANS = 1_000
LARGE_TEXT = 500_000


def worth_settling(spans: int, chars: int) -> bool:
    """Whether opening an article of this size should settle memory afterwards."""
    return spans >= LARGE_SPANS or chars >= LARGE_TEXT


def settle_memory() -> None:
    """Collect everything once, then keep what survives out of later collections."""
    gc.unfreeze()
    gc.collect()
    gc.freeze()
