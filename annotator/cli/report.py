"""``annotator report [--format text|markdown|html] [--output PATH] [PATH ...]``."""

from __future__ import annotations

import argparse
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path

from annotator.cli.options import Common, add_paths, common, paths_or_default
from annotator.model.matrix import build_matrix
from annotator.report.render import render_html, render_markdown, render_text
from annotator.store.dataset import load_dataset
from annotator.store.files import atomic_write


@dataclass(frozen=True, slots=True)
class ReportOptions:
    common: Common
    paths: list[Path]
    format: str
    output: Path | None
    ascii: bool
    width: int | None


def configure(parser: argparse.ArgumentParser) -> None:
    add_paths(parser)
    parser.add_argument("--format", choices=["text", "markdown", "html"], default="text")
    parser.add_argument("--output", "-o", metavar="PATH", help="file to write (default: stdout)")
    parser.add_argument("--ascii", action="store_true", help="C D A O instead of ✔ ✘ ❝ ◇")
    parser.add_argument("--width", type=int, default=None, help="text width (default: terminal)")


def parse(args: argparse.Namespace) -> ReportOptions:
    shared = common(args)
    return ReportOptions(
        common=shared,
        paths=paths_or_default(args.paths, shared),
        format=args.format,
        output=Path(args.output) if args.output else None,
        ascii=args.ascii,
        width=args.width,
    )


def run(args: argparse.Namespace) -> int:
    options = parse(args)
    matrix = build_matrix(load_dataset(options.paths, options.common.corpus))
    if options.format == "text":
        color = options.output is None and sys.stdout.isatty()
        width = options.width or (200 if options.output else None)
        if width is None:
            width = shutil.get_terminal_size((160, 40)).columns
        content = render_text(matrix, width=width, ascii_only=options.ascii, color=color)
    elif options.format == "markdown":
        content = render_markdown(matrix, ascii_only=options.ascii)
    else:
        content = render_html(matrix, ascii_only=options.ascii)
    if options.output:
        atomic_write(options.output, content.encode("utf-8"))
    else:
        from annotator.cli.export import write_stdout

        write_stdout(content.encode("utf-8"))
    return 0
