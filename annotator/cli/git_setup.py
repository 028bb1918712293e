"""``annotator git-setup [--check]``: make git merge annotation files span by span.

Two things make git use the driver: ``.gitattributes`` lines giving the annotation files
``merge=annotator`` (committed, so every clone has them) and the driver's command in the
repository's own ``.git/config`` (never cloned: each clone runs ``git-setup`` once).
"""

from __future__ import annotations

import argparse
import os
import shlex
import shutil
import sys
from pathlib import Path, PurePosixPath

from annotator.cli.options import common
from annotator.errors import UsageError
from annotator.store.gitrepo import check_attr, config_get, config_set, ensure_lines, repo_root

DRIVER = "annotator"
DRIVER_NAME = "annotator: merge annotation files span by span"
DRIVER_ARGS = "merge-driver %O %A %B %L %P"
ATTRIBUTES = ".gitattributes"
IGNORE = ".gitignore"


def driver_command() -> str:
    """The driver as git should run it: this Python, so it works from a venv."""
    return f"{shlex.quote(sys.executable)} -m annotator {DRIVER_ARGS}"


def folder_in_repo(root: Path, annotations: Path) -> str:
    """The annotations folder as a path relative to the repository root (posix form)."""
    folder = annotations if annotations.is_absolute() else Path.cwd() / annotations
    try:
        rel = Path(os.path.realpath(folder)).relative_to(os.path.realpath(root))
    except ValueError:
        raise UsageError(f"{annotations}: not inside the repository {root}") from None
    return PurePosixPath(*rel.parts).as_posix() if rel.parts else "."


def attribute_lines(folder: str) -> list[str]:
    prefix = "" if folder == "." else f"{folder}/"
    return [f"{prefix}**/*.json merge={DRIVER}", f"{prefix}facts.json merge={DRIVER}"]


def ignore_lines(folder: str) -> list[str]:
    """The store's lock file and the temp files of an interrupted save: never committed."""
    prefix = "" if folder == "." else f"{folder}/"
    return [f"{prefix}.annotator.lock", f"{prefix}**/.*.tmp"]


def setup(root: Path, folder: str) -> list[str]:
    """Write what is missing; returns one line per change (empty: already set up)."""
    changes = [
        f"{ATTRIBUTES}: added {line!r}"
        for line in ensure_lines(root / ATTRIBUTES, attribute_lines(folder))
    ]
    changes += [
        f"{IGNORE}: added {line!r}" for line in ensure_lines(root / IGNORE, ignore_lines(folder))
    ]
    for key, value in (
        (f"merge.{DRIVER}.name", DRIVER_NAME),
        (f"merge.{DRIVER}.driver", driver_command()),
    ):
        if config_get(root, key) != value:
            config_set(root, key, value)
            changes.append(f"git config {key} {value!r}")
    return changes


def problems(root: Path, folder: str) -> list[str]:
    """Why git would not use the driver for the annotation files (empty: it would)."""
    found: list[str] = []
    prefix = "" if folder == "." else f"{folder}/"
    for sample in (f"{prefix}example.json", f"{prefix}facts.json"):
        value = check_attr(root, "merge", sample)
        if value is None:
            found.append(f"{sample} has no merge={DRIVER} attribute ({ATTRIBUTES})")
        elif value != DRIVER:
            found.append(f"{sample} has merge={value}, not merge={DRIVER} ({ATTRIBUTES})")
    command = config_get(root, f"merge.{DRIVER}.driver")
    if command is None:
        found.append(f"git config merge.{DRIVER}.driver is not set")
    else:
        try:
            words = shlex.split(command)
        except ValueError:
            words = []
        if not command.endswith(DRIVER_ARGS) or not words:
            found.append(
                f"git config merge.{DRIVER}.driver is {command!r}, which does not "
                f"end in {DRIVER_ARGS!r}"
            )
        elif shutil.which(words[0]) is None:
            found.append(
                f"git config merge.{DRIVER}.driver runs {words[0]!r}, which is not "
                "an executable program"
            )
    return found


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--repo",
        metavar="DIR",
        default=".",
        help="a folder in the git repository (default: the current one)",
    )
    parser.add_argument(
        "--check",
        action="store_true",
        help="change nothing; exit 1 if the merge driver is not configured",
    )


def run(args: argparse.Namespace) -> int:
    root = repo_root(Path(args.repo))
    annotations = common(args).annotations
    if not annotations.is_absolute() and args.repo != ".":
        annotations = root / annotations
    folder = folder_in_repo(root, annotations)
    if args.check:
        found = problems(root, folder)
        if found:
            print(
                f"annotator git-setup --check: {'; '.join(found)} (run `annotator git-setup`)",
                file=sys.stderr,
            )
            return 1
        print(f"annotator git-setup --check: {root}: the merge driver is configured")
        return 0
    changes = setup(root, folder)
    for change in changes:
        print(change)
    if not changes:
        print(f"{root}: the merge driver is already configured")
    return 0
