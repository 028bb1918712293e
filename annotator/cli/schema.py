"""``annotator schema``: write the JSON Schemas generated from the models."""

from __future__ import annotations

import argparse
from pathlib import Path

from annotator.model.schema import schemas
from annotator.store.files import atomic_write, read_if_exists
from annotator.store.jsonio import dumps


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--output", default="schemas", help="folder to write to (schemas)")
    parser.add_argument(
        "--check", action="store_true", help="write nothing; exit 1 if the files differ"
    )


def run(args: argparse.Namespace) -> int:
    folder = Path(args.output)
    check: bool = args.check
    stale = []
    for name, schema in schemas().items():
        path = folder / name
        data = dumps(schema)
        if read_if_exists(path) == data:
            continue
        if check:
            stale.append(str(path))
            continue
        folder.mkdir(parents=True, exist_ok=True)
        atomic_write(path, data)
        print(f"wrote {path}")
    if stale:
        print("out of date (run `annotator schema`): " + ", ".join(stale))
        return 1
    return 0
