"""``annotator adjudicate``: the analysts' layers of an article, unit by unit, into gold.

``--auto agreed`` writes gold spans where every layer agrees, ``--auto majority`` also
where a strict majority does, ``--auto none`` (the default) only reports. Gold spans
already at a unit are kept. Gold files are written through the store (atomic).
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass

from annotator.agreement.adjudication import (
    AUTO_MODES,
    Auto,
    Decision,
    auto_adjudicate,
    group_units,
)
from annotator.cli.options import Common, common
from annotator.errors import AnnotatorError, UsageError
from annotator.model.display import one_line_visible
from annotator.model.models import LABEL_GLYPHS, Span, now
from annotator.model.team import GOLD
from annotator.model.text import sha256_text
from annotator.store.layers import discover_layers, load_team
from annotator.store.store import Store, load_annotation_file


@dataclass(frozen=True, slots=True)
class AdjudicateOptions:
    common: Common
    article: str | None
    every: bool
    auto: Auto


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("article", nargs="?", metavar="ID", help="the article to adjudicate")
    parser.add_argument(
        "--all",
        action="store_true",
        dest="every",
        help="every article some analyst's layer has a file for",
    )
    parser.add_argument(
        "--auto",
        choices=AUTO_MODES,
        default="none",
        help="write gold spans where every layer agrees (agreed), where a "
        "strict majority agrees (majority), or only report (none, default)",
    )


def parse(args: argparse.Namespace) -> AdjudicateOptions:
    article: str | None = args.article
    every: bool = args.every
    if (article is None) == (not every):
        raise UsageError("adjudicate needs an article ID or --all (not both)")
    auto: Auto = args.auto
    return AdjudicateOptions(common=common(args), article=article, every=every, auto=auto)


def _glyphs(spans: list[Span]) -> str:
    return "".join(LABEL_GLYPHS[s.label] for s in spans) or "–"


def _decision_text(decision: Decision) -> str:
    if decision.action == "wrote":
        return "wrote " + ", ".join(
            f"{LABEL_GLYPHS[s.label]} {s.label} {s.start}-{s.end}" for s in decision.spans
        )
    if decision.action == "kept":
        return "kept (gold has spans here)"
    return "left"


def run(args: argparse.Namespace) -> int:
    options = parse(args)
    folder = options.common.annotations
    if not folder.is_dir():
        raise UsageError(f"{folder}: no such annotations folder")
    try:
        store = Store(options.common.corpus, folder)
    except AnnotatorError as exc:
        raise UsageError(f"corpus: {exc}") from None
    load_team(folder)  # a broken team.json stops here with a located error
    layers = {name: files for name, files in discover_layers(folder).items() if name != GOLD}
    if not layers:
        raise UsageError(f"no analyst layers to adjudicate (they live in {folder}/by/<name>/)")
    if options.article is not None:
        if options.article not in store.corpus:
            raise UsageError(f"unknown article {options.article!r}")
        if not any(options.article in files for files in layers.values()):
            raise UsageError(f"no analyst has a layer file for {options.article!r}")
        articles = [options.article]
    else:
        articles = sorted({a for files in layers.values() for a in files})

    stamp = now()
    rows: list[tuple[str, str, str, str, str, str]] = []
    skipped: list[str] = []
    counts = {"agreed": 0, "majority": 0, "split": 0, "wrote": 0, "kept": 0, "left": 0}
    written = 0
    for article_id in articles:
        if article_id not in store.corpus:
            skipped.append(f"{article_id}: not in the corpus")
            continue
        text = store.corpus.text(article_id)
        digest = sha256_text(text)
        present = {name: files for name, files in layers.items() if article_id in files}
        docs = {name: load_annotation_file(files[article_id]) for name, files in present.items()}
        stale = [name for name, doc in docs.items() if doc.article.sha256 != digest]
        gold = store.load_annotations(article_id)
        if gold is not None and gold.article.sha256 != digest:
            stale.insert(0, GOLD)
        if stale:
            skipped.append(
                f"{article_id}: made on a different text ({', '.join(stale)}); re-anchor first"
            )
            continue
        if gold is None:
            gold = store.new_annotations(article_id, text)
        units = group_units({name: doc.spans for name, doc in docs.items()})
        spans, decisions = auto_adjudicate(
            units, gold.spans, options.auto, author=options.common.author, stamp=stamp
        )
        for decision in decisions:
            unit = decision.unit
            counts[unit.status] += 1
            counts[decision.action] += 1
            votes = " ".join(f"{name} {_glyphs(unit.of_layer(name))}" for name in unit.layers)
            rows.append(
                (
                    article_id,
                    str(unit.index + 1),
                    f"{unit.start}-{unit.end}",
                    unit.status,
                    votes,
                    _decision_text(decision),
                )
            )
        wrote = options.auto != "none" and any(d.action == "wrote" for d in decisions)
        if wrote and store.save_annotations(gold.model_copy(update={"spans": spans})):
            written += 1

    header = ("article", "unit", "range", "status", "layers", "decision")
    widths = [
        max(len(one_line_visible(r[i], 200)) for r in [header, *rows]) for i in range(len(header))
    ]
    out = sys.stdout
    for row in [header, tuple("-" * w for w in widths), *rows]:
        cells = [one_line_visible(c, 200) for c in row]
        line = "  ".join(
            c.rjust(w) if i == 1 else c.ljust(w)
            for i, (c, w) in enumerate(zip(cells, widths, strict=True))
        )
        out.write(line.rstrip() + "\n")
    for reason in skipped:
        out.write(f"skipped {reason}\n")
    done = len(articles) - len(skipped)
    units_total = counts["agreed"] + counts["majority"] + counts["split"]
    tail = (
        f"{written} gold file{'s' if written != 1 else ''} written"
        if options.auto != "none"
        else "report only, nothing written"
    )
    out.write(
        f"{done} article{'s' if done != 1 else ''}, {units_total} units: "
        f"{counts['agreed']} agreed, {counts['majority']} majority, {counts['split']} split; "
        f"{counts['wrote']} written, {counts['kept']} kept, {counts['left']} left; {tail}\n"
    )
    return 0
