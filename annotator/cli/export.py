"""``annotator export --format F [--output PATH] [--force] [PATH ...]``."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from annotator.cli.options import Common, add_paths, common, paths_or_default
from annotator.errors import UsageError
from annotator.formats.brat import export_brat
from annotator.formats.claimreview import (
    Publisher,
    check_review_url,
    export_claimreview,
    missing_url_notice,
)
from annotator.formats.tabular import export_csv, export_json, export_jsonl
from annotator.formats.w3c import export_w3c
from annotator.model.dataset import Dataset
from annotator.model.display import terminal_text
from annotator.store.dataset import load_dataset
from annotator.store.files import atomic_write

SINGLE_FILE: dict[str, Callable[[Dataset], bytes]] = {
    "json": export_json,
    "jsonl": export_jsonl,
    "csv": export_csv,
    "w3c": export_w3c,
}
FORMATS = [*SINGLE_FILE, "brat", "claimreview"]


@dataclass(frozen=True, slots=True)
class ExportOptions:
    common: Common
    paths: list[Path]
    format: str
    output: Path | None
    force: bool
    publisher: Publisher | None
    """The fact-checking organisation (claimreview only)."""


def configure(parser: argparse.ArgumentParser) -> None:
    add_paths(parser)
    parser.add_argument("--format", required=True, choices=FORMATS)
    parser.add_argument(
        "--output",
        "-o",
        metavar="PATH",
        help="file to write (a folder for brat); default: standard output",
    )
    parser.add_argument(
        "--force", action="store_true", help="export even when the validator finds errors"
    )
    parser.add_argument(
        "--publisher", metavar="NAME", help="claimreview: the fact-checking organisation (required)"
    )
    parser.add_argument(
        "--publisher-url", metavar="URL", help="claimreview: the organisation's web site (required)"
    )
    parser.add_argument(
        "--review-url",
        metavar="TEMPLATE",
        help="claimreview: each review's URL, with {article} {span} {fact} "
        "{label} placeholders (Google requires a url)",
    )


def _publisher(args: argparse.Namespace) -> Publisher:
    if not args.publisher or not args.publisher_url:
        raise UsageError(
            "claimreview needs --publisher NAME and --publisher-url URL "
            "(the fact-checking organisation that publishes the reviews)"
        )
    if args.review_url is not None:
        check_review_url(args.review_url)
    return Publisher(args.publisher, args.publisher_url, args.review_url)


def parse(args: argparse.Namespace) -> ExportOptions:
    shared = common(args)
    options = ExportOptions(
        common=shared,
        paths=paths_or_default(args.paths, shared),
        format=args.format,
        output=Path(args.output) if args.output else None,
        force=args.force,
        publisher=_publisher(args) if args.format == "claimreview" else None,
    )
    if options.format == "brat" and options.output is None:
        raise UsageError("brat writes a folder: give --output DIR")
    return options


def gate(paths: list[Path], corpus: Path, force: bool) -> bool:
    """Run the validator; print its errors. True when the export may go ahead."""
    from annotator.validate import validate_paths

    result = validate_paths(paths, corpus)
    if not result.errors:
        return True
    for finding in sorted(result.findings, key=lambda f: f.sort_key):
        if finding.severity == "error":
            print(finding.format_text(), file=sys.stderr)
    if force:
        print(
            f"annotator: exporting anyway (--force) despite {result.errors} errors", file=sys.stderr
        )
        return True
    print(
        f"annotator: not exported: {result.errors} validation errors (--force exports anyway)",
        file=sys.stderr,
    )
    return False


def run(args: argparse.Namespace) -> int:
    options = parse(args)
    if not gate(options.paths, options.common.corpus, options.force):
        return 1
    data = load_dataset(options.paths, options.common.corpus)
    if options.format == "brat":
        assert options.output is not None  # parse() refuses brat without --output
        options.output.mkdir(parents=True, exist_ok=True)
        for name, content in export_brat(data).items():
            atomic_write(options.output / name, content)
        return 0
    if options.publisher is not None:
        content = export_claimreview(data, options.publisher)
        if options.publisher.review_url is None:
            print(f"annotator: {missing_url_notice()}", file=sys.stderr)
    else:
        content = SINGLE_FILE[options.format](data)
    if options.output:
        atomic_write(options.output, content)
    else:
        write_stdout(content)
    return 0


def write_stdout(content: bytes) -> None:
    """Standard output is data for a pipe: bytes exact. A terminal gets stand-ins for
    control characters instead, so escape sequences from the data never reach it."""
    if sys.stdout.isatty():
        content = terminal_text(content.decode("utf-8", "replace")).encode("utf-8")
    sys.stdout.buffer.write(content)
    sys.stdout.flush()
