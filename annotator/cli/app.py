"""``annotator`` with no command: the Textual app (imported only now)."""

from __future__ import annotations

import argparse

from annotator.cli.options import common


def run(args: argparse.Namespace) -> int:
    from annotator.tui.app import run_app

    options = common(args)
    return run_app(options.corpus, options.annotations, options.author)
