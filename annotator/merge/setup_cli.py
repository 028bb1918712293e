"""``annotator git-setup [--check]``: make git merge annotation files span by span."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from annotator.merge.gitsetup import folder_in_repo, problems, setup
from annotator.store.gitrepo import repo_root


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--repo", metavar="DIR", default=".",
                        help="a folder in the git repository (default: the current one)")
    parser.add_argument("--check", action="store_true",
                        help="change nothing; exit 1 if the merge driver is not configured")


def run(args: argparse.Namespace) -> int:
    root = repo_root(Path(args.repo))
    annotations = Path(args.annotations)
    if not annotations.is_absolute() and args.repo != ".":
        annotations = root / annotations
    folder = folder_in_repo(root, annotations)
    if args.check:
        found = problems(root, folder)
        if found:
            print(f"annotator git-setup --check: {'; '.join(found)} "
                  "(run `annotator git-setup`)", file=sys.stderr)
            return 1
        print(f"annotator git-setup --check: {root}: the merge driver is configured")
        return 0
    changes = setup(root, folder)
    for change in changes:
        print(change)
    if not changes:
        print(f"{root}: the merge driver is already configured")
    return 0
