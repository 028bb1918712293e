"""``annotator agree``: agreement between analysts' layers (and gold), a CI gate with --min."""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass

from annotator.agreement.compare import MEASURES, By, compare
from annotator.agreement.render import RENDERERS
from annotator.agreement.study import build_study
from annotator.cli.options import Common, common
from annotator.errors import AnnotatorError, UsageError
from annotator.model.models import AnnotationFile
from annotator.model.team import GOLD
from annotator.store.corpus import Corpus
from annotator.store.layers import discover_layers, load_layer, load_team


@dataclass(frozen=True, slots=True)
class AgreeOptions:
    common: Common
    #: Layer names from --layers, or None for every analyst layer.
    layers: list[str] | None
    by: By
    format: str
    #: (measure, bar) pairs from --min.
    bars: list[tuple[str, float]]


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--layers",
        metavar="A,B,...",
        help="layers to compare: analyst names, 'gold' for the top-level files "
        "(default: every analyst layer under annotations/by/)",
    )
    parser.add_argument(
        "--by",
        choices=["pair", "label", "article"],
        default="pair",
        help="one row per pair of layers (default), label or article",
    )
    parser.add_argument(
        "--format",
        choices=sorted(RENDERERS),
        default="text",
        help="text (default), markdown or json",
    )
    parser.add_argument(
        "--min",
        action="append",
        default=[],
        metavar="MEASURE=VALUE",
        help="exit 1 when an overall figure is below VALUE (or n/a); "
        f"repeatable; measures: {', '.join(MEASURES)}",
    )


def parse_bars(values: list[str]) -> list[tuple[str, float]]:
    """``MEASURE=VALUE`` strings -> (measure, value); UsageError on a bad one."""
    bars = []
    for value in values:
        name, sep, number = value.partition("=")
        name = name.strip()
        if not sep or name not in MEASURES:
            raise UsageError(
                f"--min {value!r}: expected MEASURE=VALUE with MEASURE one of "
                + ", ".join(MEASURES)
            )
        try:
            bars.append((name, float(number)))
        except ValueError:
            raise UsageError(f"--min {value!r}: {number!r} is not a number") from None
    return bars


def parse(args: argparse.Namespace) -> AgreeOptions:
    names = None
    if args.layers is not None:
        names = [n.strip() for n in args.layers.split(",") if n.strip()]
    return AgreeOptions(
        common=common(args), layers=names, by=args.by, format=args.format, bars=parse_bars(args.min)
    )


def run(args: argparse.Namespace) -> int:
    options = parse(args)
    folder = options.common.annotations
    if not folder.is_dir():
        raise UsageError(f"{folder}: no such annotations folder")
    try:
        corpus = Corpus(options.common.corpus)
    except AnnotatorError as exc:
        raise UsageError(f"corpus: {exc}") from None
    load_team(folder)  # a broken team.json stops here with a located error
    layers = discover_layers(folder)
    names = options.layers if options.layers is not None else [n for n in layers if n != GOLD]
    unknown = [n for n in names if n not in layers]
    if unknown:
        raise UsageError(
            f"unknown layer {', '.join(map(repr, unknown))}; layers here: " + ", ".join(layers)
        )
    if len(set(names)) != len(names):
        raise UsageError(f"--layers names a layer twice: {','.join(names)}")
    if len(names) < 2:
        raise UsageError(
            "agreement needs at least two layers; found "
            + (", ".join(names) or "none")
            + f" (analyst layers live in {folder}/by/<name>/; 'gold' is the top level)"
        )
    docs: dict[str, dict[str, AnnotationFile]] = {}
    shared = set.intersection(*(set(layers[n]) for n in names))
    for name in names:
        docs[name] = load_layer({k: v for k, v in layers[name].items() if k in shared})

    def text_of(article_id: str) -> str | None:
        return corpus.text(article_id) if article_id in corpus else None

    study, skipped = build_study(names, docs, text_of)
    report = compare(study, options.by)
    report.skipped = skipped
    sys.stdout.write(RENDERERS[options.format](report))
    failed = 0
    for measure, bar in options.bars:
        value = report.overall[measure]
        if value is None or value < bar:
            shown = "n/a" if value is None else f"{value:.4f}"
            print(f"annotator agree: {measure} {shown} is below the bar {bar:g}", file=sys.stderr)
            failed += 1
    return 1 if failed else 0
