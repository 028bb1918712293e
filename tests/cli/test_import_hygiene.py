"""The headless modules (CLI, validator, store, model, exports) never import Textual."""

from __future__ import annotations

import pkgutil
import subprocess
import sys

import annotator


def _headless_modules() -> list[str]:
    names = []
    for info in pkgutil.walk_packages(annotator.__path__, "annotator."):
        if not info.name.startswith("annotator.tui") and info.name != "annotator.__main__":
            names.append(info.name)
    return sorted(names)


def test_headless_modules_do_not_import_textual() -> None:
    modules = _headless_modules()
    assert "annotator.cli.validate" in modules and "annotator.store.store" in modules
    code = (
        "import importlib, sys\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name)\n"
        "bad = sorted(m for m in sys.modules if m == 'textual' or m.startswith('textual.'))\n"
        "assert not bad, bad\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr


def test_validate_command_does_not_import_textual() -> None:
    code = (
        "import sys, contextlib, io\n"
        "from annotator.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        "    main(['validate'])\n"
        "assert 'textual' not in sys.modules\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
