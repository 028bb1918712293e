"""``annotator`` with no command, run as a user would: no terminal, bad keymap files."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path


def run_app(workspace: Path, *args: str, config: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "XDG_CONFIG_HOME": str(config)}
    return subprocess.run(
        [sys.executable, "-m", "annotator", *args],
        cwd=workspace,
        env=env,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_without_a_terminal_the_app_exits_at_once(workspace: Path, tmp_path: Path) -> None:
    done = run_app(workspace, config=tmp_path / "cfg")
    assert done.returncode == 2
    lines = done.stderr.splitlines()
    assert lines == [
        "annotator: the app needs a terminal: standard input is not a TTY "
        "(for scripts use a command, e.g. `annotator validate`)"
    ]
    assert done.stdout == ""


def test_unknown_binding_id_in_keymap(workspace: Path, tmp_path: Path) -> None:
    keymap = tmp_path / "keys.json"
    keymap.write_text('{"label.confirmed": "c", "label.maybe": "m"}')
    done = run_app(workspace, "--keymap", str(keymap), config=tmp_path / "cfg")
    assert done.returncode == 2
    assert done.stderr.splitlines() == [
        f"annotator: {keymap}: label.maybe: unknown binding id (the ids are in the README's "
        "key table)"
    ]


def test_invalid_key_in_the_default_keymap(workspace: Path, tmp_path: Path) -> None:
    default = tmp_path / "cfg" / "annotator" / "keymap.json"
    default.parent.mkdir(parents=True)
    default.write_text('{"span.link": "f,ctrl+bogus"}')
    done = run_app(workspace, config=tmp_path / "cfg")
    assert done.returncode == 2
    assert done.stderr.splitlines() == [
        f"annotator: {default}: span.link: invalid key 'ctrl+bogus' (Textual key names "
        "such as ctrl+l, f5, question_mark)"
    ]


def test_missing_keymap_file(workspace: Path, tmp_path: Path) -> None:
    done = run_app(workspace, "--keymap", "nope.json", config=tmp_path / "cfg")
    assert done.returncode == 2
    assert done.stderr.splitlines() == [
        "annotator: nope.json: cannot read: No such file or directory"
    ]
