"""``annotator reanchor [ID ...] [--dry-run]``: move spans onto changed article texts.

Runs the re-anchoring cascade (``annotator.model.anchoring``) over every annotation layer
of each article (gold and each analyst's) and prints a table of span statuses per article
and layer, then one line per span that needs the analyst (fuzzy or orphaned).
"""

from __future__ import annotations

import argparse

from annotator.cli.options import common
from annotator.errors import UsageError
from annotator.model.anchoring import Outcome
from annotator.store.reanchor import reanchor_article
from annotator.store.store import Store

STATUSES = ("exact", "moved", "fuzzy", "orphaned")


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "ids", nargs="*", metavar="ID", help="article ids (default: every article with annotations)"
    )
    parser.add_argument(
        "--dry-run", action="store_true", help="print what would happen; write nothing"
    )


def table(results: list[tuple[str, str, list[Outcome]]]) -> list[str]:
    """The status table: one row per (article, layer), then the spans to review."""
    width = max([len("article")] + [len(a) for a, _, _ in results])
    layer_width = max([len("layer")] + [len(layer) for _, layer, _ in results])
    head = f"{'article':<{width}}  {'layer':<{layer_width}}  {'spans':>5}  " + "  ".join(
        f"{s:>8}" for s in STATUSES
    )
    lines = [head]
    review: list[str] = []
    for article_id, layer, outcomes in results:
        counts = {s: sum(1 for o in outcomes if o.status == s) for s in STATUSES}
        lines.append(
            f"{article_id:<{width}}  {layer:<{layer_width}}  {len(outcomes):>5}  "
            + "  ".join(f"{counts[s]:>8}" for s in STATUSES)
        )
        for o in outcomes:
            if o.status in ("fuzzy", "orphaned"):
                new = f"{o.new[0]}-{o.new[1]}" if o.new else "-"
                review.append(
                    f"{o.status:<8}  {article_id} {layer} {o.span_id}: "
                    f"{o.old[0]}-{o.old[1]} -> {new} (score {o.score:.2f})"
                )
    return lines + review


def run(args: argparse.Namespace) -> int:
    shared = common(args)
    store = Store(shared.corpus, shared.annotations)
    ids: list[str] = list(args.ids)
    for article_id in ids:
        if article_id not in store.corpus:
            raise UsageError(f"no article {article_id!r} in {store.corpus.folder}")
    if not ids:
        ids = [a for a in store.corpus.ids if store.layer_paths(a)]
    results: list[tuple[str, str, list[Outcome]]] = []
    for article_id in ids:
        for layer, outcomes in reanchor_article(store, article_id, dry_run=args.dry_run):
            results.append((article_id, layer, outcomes))
    for line in table(results):
        print(line)
    spans = sum(len(o) for _, _, o in results)
    verb = "dry run, nothing written" if args.dry_run else "re-anchored"
    print(f"{len(results)} file{'' if len(results) == 1 else 's'}, {spans} spans: {verb}")
    return 0
