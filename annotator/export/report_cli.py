"""``annotator report [--format text|markdown|html] [--output PATH] [PATH ...]``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from annotator.export.dataset import load_dataset
from annotator.export.matrix import build_matrix
from annotator.export.report import render_html, render_markdown, render_text
from annotator.store.jsonio import atomic_write


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("paths", nargs="*", metavar="PATH",
                        help="annotation files or folders (default: annotations/)")
    parser.add_argument("--format", choices=["text", "markdown", "html"], default="text")
    parser.add_argument("--output", "-o", metavar="PATH", help="file to write (default: stdout)")
    parser.add_argument("--corpus", dest="report_corpus", metavar="DIR",
                        help="folder of article *.txt files (default: seeds/)")
    parser.add_argument("--ascii", action="store_true", help="C D A O instead of ✔ ✘ ❝ ◇")
    parser.add_argument("--width", type=int, default=None, help="text width (default: terminal)")


def run(args: argparse.Namespace) -> int:
    paths = [Path(p) for p in args.paths] or [Path(args.annotations)]
    matrix = build_matrix(load_dataset(paths, Path(args.report_corpus or args.corpus)))
    if args.format == "text":
        color = args.output is None and sys.stdout.isatty()
        width = args.width or (200 if args.output else None)
        if width is None:
            import shutil

            width = shutil.get_terminal_size((160, 40)).columns
        content = render_text(matrix, width=width, ascii_only=args.ascii, color=color)
    elif args.format == "markdown":
        content = render_markdown(matrix, ascii_only=args.ascii)
    else:
        content = render_html(matrix, ascii_only=args.ascii)
    if args.output:
        atomic_write(Path(args.output), content.encode("utf-8"))
    else:
        sys.stdout.write(content)
    return 0
