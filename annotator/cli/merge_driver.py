"""``annotator merge-driver %O %A %B %L %P``: git's merge driver for annotation files.

git passes the ancestor (%O), ours (%A, where the result goes), theirs (%B), the
conflict marker size (%L) and the file's path in the repository (%P). Exit 0: merged
cleanly; 1: conflict records written into the file. A version that is not a valid
annotation file (or registry) falls back to ``git merge-file``, whose exit status is
passed through. Nothing here prints a traceback: every problem is one line on stderr
naming %P. Files are read and written through the store.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TextIO

from annotator.errors import AnnotatorError, DataError
from annotator.merge.documents import NotMergeable, is_registry, merge_documents
from annotator.store.files import atomic_write, read_bytes
from annotator.store.gitrepo import merge_file
from annotator.store.jsonio import dumps

DEFAULT_MARKER_SIZE = 7


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("base", metavar="ANCESTOR", help="the common ancestor's version (%%O)")
    parser.add_argument(
        "ours", metavar="OURS", help="our version; the result is written here (%%A)"
    )
    parser.add_argument("theirs", metavar="THEIRS", help="their version (%%B)")
    parser.add_argument(
        "marker_size",
        metavar="MARKER_SIZE",
        nargs="?",
        default=str(DEFAULT_MARKER_SIZE),
        help="conflict marker size for a text merge (%%L, default 7)",
    )
    parser.add_argument(
        "name",
        metavar="PATH",
        nargs="?",
        default=None,
        help="the file's path in the repository (%%P)",
    )


def run(args: argparse.Namespace) -> int:
    try:
        marker_size = max(1, int(args.marker_size))
    except ValueError:
        marker_size = DEFAULT_MARKER_SIZE
    name = args.name or str(args.ours)
    return run_driver(Path(args.base), Path(args.ours), Path(args.theirs), marker_size, name)


def run_driver(
    base: Path, ours: Path, theirs: Path, marker_size: int, name: str, err: TextIO | None = None
) -> int:
    """Merge ``theirs`` into ``ours`` (in place) against ``base``; git's exit convention."""
    out = err or sys.stderr

    def say(message: str) -> None:
        print(f"annotator merge-driver: {name}: {message}", file=out)

    def text_merge() -> int:
        try:
            return merge_file(ours, base, theirs, marker_size, ("ours", "base", "theirs"))
        except AnnotatorError as exc:
            say(str(exc))
            return 2

    try:
        raws = [read_bytes(p) for p in (base, ours, theirs)]
    except DataError as exc:
        say(exc.detail)
        return 2
    try:
        merged = merge_documents(name, *raws)
    except NotMergeable as exc:
        say(f"{exc}; merged as text instead")
        return text_merge()
    except Exception as exc:  # a bug must not cost the user their merge: fall back, say so
        say(f"cannot merge by span ({type(exc).__name__}: {exc}); merged as text instead")
        return text_merge() or 1
    try:
        atomic_write(ours, dumps(merged))
    except AnnotatorError as exc:
        say(str(exc))
        return 2
    conflicts = len(merged.conflicts)
    if conflicts:
        kind = "fact" if is_registry(name) else "span"
        say(
            f"{conflicts} {kind} conflict{'s' if conflicts != 1 else ''} recorded in the file "
            "(`annotator validate` lists them; resolve in the app)"
        )
        return 1
    return 0
