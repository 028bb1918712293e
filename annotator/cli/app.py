"""``annotator`` with no command: the Textual app (imported only now).

Before anything is drawn: the user's keymap file must be valid, and the app needs a
terminal (stdin a TTY; without one it would wait for keys that never come). Both problems
are a one-line usage error, exit 2.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass
from pathlib import Path

from annotator.cli.options import Common, common
from annotator.errors import UsageError
from annotator.store.layers import is_analyst_name, load_team


@dataclass(frozen=True, slots=True)
class AppOptions:
    common: Common
    #: The analyst whose layer the app opens (``--as``), or None for the gold files.
    layer: str | None
    #: Whether the analyst must not see the other layers (team.json's ``blind``).
    blind: bool


def parse(args: argparse.Namespace) -> AppOptions:
    """The app's options; ``--as NAME`` must be an analyst of team.json (when there is one)."""
    options = common(args)
    name: str | None = getattr(args, "as_analyst", None)
    if name is None:
        return AppOptions(options, None, True)
    if not is_analyst_name(name):
        raise UsageError(f"--as {name!r}: not an analyst name (letters, digits, _ . -; not 'gold')")
    team = load_team(options.annotations)
    if team is not None and name not in team.analysts:
        raise UsageError(
            f"--as {name!r}: not an analyst in team.json (analysts: "
            + (", ".join(team.analysts) or "none")
            + ")"
        )
    if getattr(args, "author", None) is None:
        options = Common(options.corpus, options.annotations, name)
    return AppOptions(options, name, team.blind if team is not None else True)


def configure(parser: argparse.ArgumentParser) -> None:
    """The app's own options (on the main parser: the app has no command name)."""
    parser.add_argument(
        "--keymap",
        default=None,
        metavar="FILE",
        help="JSON file of binding id -> keys (default: "
        "$XDG_CONFIG_HOME/annotator/keymap.json if it exists)",
    )


def run(args: argparse.Namespace) -> int:
    from annotator.tui.keymap import load_keymap

    options = parse(args)
    keymap_file = getattr(args, "keymap", None)
    keymap = load_keymap(Path(keymap_file) if keymap_file else None)
    if not sys.stdin.isatty():
        raise UsageError(
            "the app needs a terminal: standard input is not a TTY "
            "(for scripts use a command, e.g. `annotator validate`)"
        )
    from annotator.tui.app import run_app

    return run_app(
        options.common.corpus,
        options.common.annotations,
        options.common.author,
        keymap,
        layer=options.layer,
        blind=options.blind,
    )
