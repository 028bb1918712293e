"""Options every command shares, parsed once into a typed ``Common``."""

from __future__ import annotations

import argparse
import getpass
import os
from dataclasses import dataclass
from pathlib import Path

DEFAULT_CORPUS = "seeds"
DEFAULT_ANNOTATIONS = "annotations"


@dataclass(frozen=True, slots=True)
class Common:
    """Where the corpus and the annotations are, and who is working."""

    corpus: Path
    annotations: Path
    author: str


def add_common(parser: argparse.ArgumentParser) -> None:
    """``--corpus`` and ``--annotations`` before the command (with their defaults)."""
    parser.add_argument(
        "--corpus",
        default=DEFAULT_CORPUS,
        metavar="DIR",
        help=f"folder of *.txt articles ({DEFAULT_CORPUS})",
    )
    parser.add_argument(
        "--annotations",
        default=DEFAULT_ANNOTATIONS,
        metavar="DIR",
        help=f"folder of annotation files ({DEFAULT_ANNOTATIONS})",
    )


def common_parent() -> argparse.ArgumentParser:
    """The same options after the command name; given there, they win.

    Their default is SUPPRESS so that a command without them keeps the values (or
    defaults) given before the command name.
    """
    parent = argparse.ArgumentParser(add_help=False)
    parent.add_argument(
        "--corpus",
        default=argparse.SUPPRESS,
        metavar="DIR",
        help=f"folder of *.txt articles ({DEFAULT_CORPUS})",
    )
    parent.add_argument(
        "--annotations",
        default=argparse.SUPPRESS,
        metavar="DIR",
        help=f"folder of annotation files ({DEFAULT_ANNOTATIONS})",
    )
    return parent


def default_author() -> str:
    try:
        return getpass.getuser()
    except (OSError, KeyError):  # no login name is known (containers, odd environments)
        return os.environ.get("USER") or "analyst"


def common(args: argparse.Namespace) -> Common:
    return Common(
        corpus=Path(args.corpus),
        annotations=Path(args.annotations),
        author=getattr(args, "author", None) or default_author(),
    )


def add_paths(parser: argparse.ArgumentParser) -> None:
    """The PATH arguments of the commands that read annotation files."""
    parser.add_argument(
        "paths",
        nargs="*",
        metavar="PATH",
        help="annotation files or folders (default: annotations/)",
    )


def paths_or_default(values: list[str], options: Common) -> list[Path]:
    """Positional PATHs, or the annotations folder when none are given."""
    return [Path(p) for p in values] or [options.annotations]
