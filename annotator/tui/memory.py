"""Keeping Python's cyclic garbage collector out of the analyst's way.

A 20,000-span article, or a 50,000-article list, is a few million long-lived objects.
Textual allocates many short-lived ones per repaint, and every so often the collector
walks all of them: 100-250 ms pauses in the middle of a key press (profiled with
bench/bench_app_scale.py and bench/bench_corpus_app.py). After a large load the app
collects once and freezes what survived (``gc.freeze``): later collections walk only
what was allocated since. Unfreezing first each time means cyclic garbage from the
previous article is still found and freed, so nothing leaks across opens.
"""

from __future__ import annotations

import gc


def settle_memory() -> None:
    """Collect everything once, then keep what survives out of later collections."""
    gc.unfreeze()
    gc.collect()
    gc.freeze()
