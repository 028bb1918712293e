"""``annotator ingest PAGE.html|URL``: add a news article to the corpus.

Exit 0 added (or updated), 1 the page could not be taken in (HTTP error, timeout, too
large, not HTML, nothing extractable, the article exists), 2 usage error.
"""

from __future__ import annotations

import argparse
from dataclasses import dataclass
from pathlib import Path

from annotator.cli.options import Common, common
from annotator.cli.reanchor import table
from annotator.errors import UsageError
from annotator.ingest.fetch import DEFAULT_MAX_BYTES, DEFAULT_TIMEOUT, is_url
from annotator.ingest.ingest import Ingested, ingest


@dataclass(frozen=True, slots=True)
class IngestOptions:
    common: Common
    source: str
    url: str | None
    id: str | None
    update: bool
    timeout: float
    max_bytes: int


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "source", metavar="PAGE.html|URL", help="a saved HTML page, or an http(s) URL to fetch"
    )
    parser.add_argument(
        "--url",
        dest="article_url",
        metavar="U",
        help="the article's URL for the manifest (default: the URL fetched, after "
        "redirects, else the page's canonical URL)",
    )
    parser.add_argument(
        "--id",
        dest="article_id",
        metavar="ID",
        help="the article id (default: a slug of outlet and title)",
    )
    parser.add_argument(
        "--update",
        action="store_true",
        help="replace the text of an existing article and re-anchor its spans",
    )
    parser.add_argument(
        "--timeout",
        type=float,
        default=DEFAULT_TIMEOUT,
        metavar="S",
        help=f"seconds a URL fetch may take in all ({DEFAULT_TIMEOUT:g})",
    )
    parser.add_argument(
        "--max-bytes",
        type=int,
        default=DEFAULT_MAX_BYTES,
        metavar="N",
        help=f"largest page accepted, in bytes ({DEFAULT_MAX_BYTES:,})",
    )


def parse(args: argparse.Namespace) -> IngestOptions:
    options = IngestOptions(
        common=common(args),
        source=args.source,
        url=args.article_url,
        id=args.article_id,
        update=args.update,
        timeout=args.timeout,
        max_bytes=args.max_bytes,
    )
    if options.timeout <= 0:
        raise UsageError(f"--timeout must be positive, got {options.timeout:g}")
    if options.max_bytes <= 0:
        raise UsageError(f"--max-bytes must be positive, got {options.max_bytes}")
    source = options.source
    if not is_url(source) and "://" not in source and not Path(source).exists():
        raise UsageError(f"{source}: no such file")
    return options


def _describe(done: Ingested) -> str:
    meta = done.meta
    facts = ", ".join(x for x in (meta.outlet, meta.date, meta.author) if x)
    title = meta.title or "(no title)"
    lines = [
        f"{'updated' if done.saved.replaced else 'added'} {done.id}: {title}"
        + (f" ({facts})" if facts else ""),
        f"  text: {done.saved.text_path} ({len(done.text):,} code points)",
        f"  page: {done.saved.source_path}",
    ]
    return "\n".join(lines)


def run(args: argparse.Namespace) -> int:
    options = parse(args)
    done = ingest(
        options.common.corpus,
        options.source,
        article_id=options.id,
        url=options.url,
        update=options.update,
        timeout=options.timeout,
        max_bytes=options.max_bytes,
        annotations_dir=options.common.annotations,
    )
    print(_describe(done))
    if done.saved.replaced:
        _report_reanchored(options.common.annotations, done)
    return 0


def _report_reanchored(annotations: Path, done: Ingested) -> None:
    """After --update: the span status table of every re-anchored layer."""
    if not done.reanchored:
        print(f"no annotations for {done.id} in {annotations}: nothing to re-anchor")
        return
    rows = [(done.id, layer, outcomes) for layer, outcomes in done.reanchored]
    for line in table(rows):
        print(line)
    spans = sum(len(outcomes) for _, outcomes in done.reanchored)
    files = len(done.reanchored)
    print(f"{files} file{'' if files == 1 else 's'}, {spans} spans: re-anchored")
