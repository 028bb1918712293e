"""The console entry point: ``annotator [COMMAND] ...``.

With no command it opens the Textual app. Every command is a module of this package with
``configure(parser)`` and ``run(args) -> int``, imported only when chosen, so
``annotator validate`` never pays for importing Textual. Options every command shares
(``--corpus``, ``--annotations``) are parsed into ``Common`` (annotator.cli.options).
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence
from typing import Protocol

from annotator.cli.options import add_common, common_parent
from annotator.errors import AnnotatorError, UsageError
from annotator.model.display import safe_line

#: name -> (module, one-line help). Modules must not import Textual at import time.
COMMANDS: dict[str, tuple[str, str]] = {
    "validate": ("annotator.cli.validate", "check annotation files for consistency"),
    "schema": ("annotator.cli.schema", "write the JSON Schemas to schemas/"),
    "export": ("annotator.cli.export", "export annotations for other tools"),
    "import": ("annotator.cli.import_", "import W3C or brat annotations into the store"),
    "report": ("annotator.cli.report", "the cross-source fact report"),
    "reanchor": ("annotator.cli.reanchor", "move spans onto changed article texts"),
    "merge-driver": ("annotator.cli.merge_driver", "git merge driver for annotation files"),
    "git-setup": ("annotator.cli.git_setup", "make git merge annotation files span by span"),
    "agree": ("annotator.cli.agree", "agreement between analysts' annotation layers"),
    "ingest": ("annotator.cli.ingest", "add a news article from a saved page or a URL"),
    "adjudicate": ("annotator.cli.adjudicate", "settle analysts' layers into the gold files"),
}


class Command(Protocol):
    def configure(self, parser: argparse.ArgumentParser) -> None: ...
    def run(self, args: argparse.Namespace) -> int: ...


def _load(name: str) -> Command:
    module: Command = importlib.import_module(COMMANDS[name][0])
    return module


def build_parser(command: str | None) -> argparse.ArgumentParser:
    """The parser; only the chosen command's module is imported (to add its options)."""
    parser = argparse.ArgumentParser(
        prog="annotator",
        description="Fact-checking annotator: run with no command to open the app.",
    )
    add_common(parser)
    parser.add_argument("--author", default=None, help="name recorded on new spans (login name)")
    parser.add_argument(
        "--as",
        dest="as_analyst",
        default=None,
        metavar="NAME",
        help="open the app on analyst NAME's layer (annotations/by/NAME/)",
    )
    from annotator.cli import app

    app.configure(parser)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    parent = common_parent()
    for name, (_module, help_text) in COMMANDS.items():
        sub_parser = sub.add_parser(name, help=help_text, description=help_text, parents=[parent])
        if name == command:
            _load(name).configure(sub_parser)
    return parser


def _chosen(argv: Sequence[str]) -> str | None:
    for arg in argv:
        if arg in COMMANDS:
            return arg
    return None


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    command = _chosen(argv)
    args = build_parser(command).parse_args(argv)
    try:
        if args.command is None:
            from annotator.cli import app

            return app.run(args)
        return _load(args.command).run(args)
    except UsageError as exc:
        print(f"annotator: {safe_line(str(exc))}", file=sys.stderr)
        return 2
    except AnnotatorError as exc:
        print(f"annotator: {safe_line(str(exc))}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
