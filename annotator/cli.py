"""The console entry point: ``annotator [COMMAND] ...``.

With no command it opens the Textual app. Sub-commands live in their own modules and are
imported only when chosen, so ``annotator validate`` never pays for importing Textual.
Each command module provides ``configure(parser)`` and ``run(args) -> int``.
"""

from __future__ import annotations

import argparse
import getpass
import importlib
import os
import sys
from collections.abc import Sequence
from types import ModuleType

from annotator.errors import AnnotatorError, UsageError

#: name -> (module, one-line help). Modules must not import Textual at import time.
COMMANDS: dict[str, tuple[str, str]] = {
    "validate": ("annotator.validate.cli", "check annotation files for consistency"),
    "schema": ("annotator.commands.schema", "write the JSON Schemas to schemas/"),
    "export": ("annotator.export.cli", "export annotations for other tools"),
    "import": ("annotator.export.import_cli", "import W3C or brat annotations into the store"),
    "report": ("annotator.export.report_cli", "the cross-source fact report"),
}


def default_author() -> str:
    try:
        return getpass.getuser()
    except Exception:  # getuser raises OSError or KeyError when no login name is known
        return os.environ.get("USER") or "analyst"


def _load(name: str) -> ModuleType | None:
    module_name = COMMANDS[name][0]
    try:
        return importlib.import_module(module_name)
    except ModuleNotFoundError as exc:
        if exc.name == module_name:
            return None
        raise


def build_parser(command: str | None) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="annotator",
        description="Fact-checking annotator: run with no command to open the app.",
    )
    parser.add_argument("--corpus", default="seeds", help="folder of *.txt articles (seeds)")
    parser.add_argument(
        "--annotations", default="annotations", help="folder of annotation files (annotations)"
    )
    parser.add_argument("--author", default=None, help="name recorded on new spans (login name)")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name, (_module, help_text) in COMMANDS.items():
        sub_parser = sub.add_parser(name, help=help_text, description=help_text)
        # Only the chosen command's module is imported (to add its options).
        if name == command:
            module = _load(name)
            if module is not None:
                module.configure(sub_parser)
    return parser


def _chosen(argv: Sequence[str]) -> str | None:
    for arg in argv:
        if arg in COMMANDS:
            return arg
    return None


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    command = _chosen(argv)
    parser = build_parser(command)
    args = parser.parse_args(argv)
    try:
        if args.command is None:
            from annotator.tui.app import run_app

            return run_app(args.corpus, args.annotations, args.author or default_author())
        module = _load(args.command)
        if module is None:
            print(f"annotator: the {args.command!r} command is not available", file=sys.stderr)
            return 2
        result: int = module.run(args)
        return result
    except UsageError as exc:
        print(f"annotator: {exc}", file=sys.stderr)
        return 2
    except AnnotatorError as exc:
        print(f"annotator: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
