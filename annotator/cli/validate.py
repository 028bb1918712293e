"""``annotator validate``: exit 0 clean, 1 errors (or warnings with --strict), 2 usage."""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass
from pathlib import Path

from annotator.cli.options import Common, add_paths, common, paths_or_default
from annotator.errors import UsageError
from annotator.validate.codes import CODES
from annotator.validate.engine import validate_paths
from annotator.validate.findings import RENDERERS


@dataclass(frozen=True, slots=True)
class ValidateOptions:
    common: Common
    paths: list[Path]
    format: str
    strict: bool
    select: set[str] | None
    ignore: set[str] | None


def configure(parser: argparse.ArgumentParser) -> None:
    add_paths(parser)
    parser.add_argument(
        "--format",
        choices=sorted(RENDERERS),
        default="text",
        help="text (default), json, or github (Actions annotations)",
    )
    parser.add_argument("--strict", action="store_true", help="warnings fail the run too")
    parser.add_argument(
        "--select", metavar="CODES", help="only these codes or prefixes, comma-separated (E3,W504)"
    )
    parser.add_argument("--ignore", metavar="CODES", help="skip these codes or prefixes")


def codes(value: str | None) -> set[str] | None:
    """``E3,W504`` -> {"E3", "W504"}; a code or prefix that matches nothing is a usage error."""
    if not value:
        return None
    chosen = {c.strip().upper() for c in value.split(",") if c.strip()}
    unknown = [c for c in chosen if not any(k.startswith(c) for k in CODES)]
    if unknown:
        raise UsageError(f"unknown code or prefix: {', '.join(sorted(unknown))}")
    return chosen


def parse(args: argparse.Namespace) -> ValidateOptions:
    shared = common(args)
    return ValidateOptions(
        common=shared,
        paths=paths_or_default(args.paths, shared),
        format=args.format,
        strict=args.strict,
        select=codes(args.select),
        ignore=codes(args.ignore),
    )


def run(args: argparse.Namespace) -> int:
    options = parse(args)
    result = validate_paths(
        options.paths, options.common.corpus, select=options.select, ignore=options.ignore
    )
    sys.stdout.write(RENDERERS[options.format](result))
    if result.errors or (options.strict and result.warnings):
        return 1
    return 0
