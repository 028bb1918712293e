"""``annotator validate``: exit 0 clean, 1 errors (or warnings with --strict), 2 usage."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from annotator.errors import UsageError
from annotator.validate.codes import CODES
from annotator.validate.engine import validate_paths
from annotator.validate.findings import RENDERERS


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("paths", nargs="*", metavar="PATH",
                        help="annotation files or folders (default: annotations/)")
    parser.add_argument("--corpus", dest="validate_corpus", metavar="DIR",
                        help="folder of article *.txt files (default: seeds/)")
    parser.add_argument("--format", choices=sorted(RENDERERS), default="text",
                        help="text (default), json, or github (Actions annotations)")
    parser.add_argument("--strict", action="store_true", help="warnings fail the run too")
    parser.add_argument("--select", metavar="CODES",
                        help="only these codes or prefixes, comma-separated (E3,W504)")
    parser.add_argument("--ignore", metavar="CODES", help="skip these codes or prefixes")


def _codes(value: str | None) -> set[str] | None:
    if not value:
        return None
    codes = {c.strip().upper() for c in value.split(",") if c.strip()}
    unknown = [c for c in codes if not any(k.startswith(c) for k in CODES)]
    if unknown:
        raise UsageError(f"unknown code or prefix: {', '.join(sorted(unknown))}")
    return codes


def run(args: argparse.Namespace) -> int:
    paths = [Path(p) for p in args.paths] or [Path(args.annotations)]
    corpus = Path(args.validate_corpus or args.corpus)
    result = validate_paths(paths, corpus, select=_codes(args.select), ignore=_codes(args.ignore))
    sys.stdout.write(RENDERERS[args.format](result))
    if result.errors or (args.strict and result.warnings):
        return 1
    return 0
