"""``annotator merge-driver %O %A %B %L %P``: the command git runs to merge annotation files."""

from __future__ import annotations

import argparse
from pathlib import Path

from annotator.merge.driver import DEFAULT_MARKER_SIZE, run_driver


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("base", metavar="ANCESTOR", help="the common ancestor's version (%%O)")
    parser.add_argument("ours", metavar="OURS", help="our version; the result is written here (%%A)")
    parser.add_argument("theirs", metavar="THEIRS", help="their version (%%B)")
    parser.add_argument("marker_size", metavar="MARKER_SIZE", nargs="?",
                        default=str(DEFAULT_MARKER_SIZE),
                        help="conflict marker size for a text merge (%%L, default 7)")
    parser.add_argument("name", metavar="PATH", nargs="?", default=None,
                        help="the file's path in the repository (%%P)")


def run(args: argparse.Namespace) -> int:
    try:
        marker_size = max(1, int(args.marker_size))
    except ValueError:
        marker_size = DEFAULT_MARKER_SIZE
    name = args.name or str(args.ours)
    return run_driver(Path(args.base), Path(args.ours), Path(args.theirs), marker_size, name)
