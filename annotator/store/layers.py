"""Annotation layers: the gold files and each analyst's independent layer.

``annotations/<id>.json`` is the gold layer; ``annotations/by/<analyst>/<id>.json`` is an
analyst's layer (same schema); ``facts.json`` is shared; ``team.json`` lives beside the
annotations folder (``<annotations>/../team.json``).
"""

from __future__ import annotations

import re
from pathlib import Path

from annotator.model.models import AnnotationFile
from annotator.model.team import ANALYST_PATTERN, GOLD, TEAM_FILE, Team
from annotator.store.files import read_bytes
from annotator.store.jsonio import loads, parse_model
from annotator.store.store import load_annotation_file

FACTS_FILE = "facts.json"
#: The folder under the annotations folder that holds one folder per analyst.
LAYERS_DIR = "by"

#: layer name -> article id -> file.
Layers = dict[str, dict[str, Path]]


def _files(folder: Path) -> dict[str, Path]:
    if not folder.is_dir():
        return {}
    return {
        p.stem: p
        for p in sorted(folder.glob("*.json"))
        if p.name != FACTS_FILE and not p.name.startswith(".") and p.is_file()
    }


def analyst_dir(annotations_dir: Path, analyst: str) -> Path:
    """Where an analyst's layer lives: ``<annotations>/by/<analyst>/``."""
    return Path(annotations_dir) / LAYERS_DIR / analyst


def layer_dir(annotations_dir: Path, layer: str) -> Path:
    """The folder of a layer (``gold`` is the annotations folder itself)."""
    return Path(annotations_dir) if layer == GOLD else analyst_dir(annotations_dir, layer)


_ANALYST = re.compile(ANALYST_PATTERN)


def is_analyst_name(name: str) -> bool:
    """Whether a name can be an analyst's (and so a layer folder's): not ``gold``."""
    return name != GOLD and len(name) <= 64 and _ANALYST.match(name) is not None


def _layer_folders(root: Path) -> list[Path]:
    by = root / LAYERS_DIR
    if not by.is_dir():
        return []
    return [f for f in sorted(by.iterdir()) if f.is_dir() and not f.name.startswith(".")]


def discover_layers(annotations_dir: Path) -> Layers:
    """Every layer under an annotations folder and its files, by article id.

    ``gold`` (the top-level ``*.json`` except ``facts.json``) comes first, present even
    when empty; then each ``by/<name>/`` folder whose name is an analyst name, in name
    order (hidden folders skipped; see ``stray_layer_folders`` for the others).
    """
    root = Path(annotations_dir)
    layers: Layers = {GOLD: _files(root)}
    for folder in _layer_folders(root):
        if is_analyst_name(folder.name):
            layers[folder.name] = _files(folder)
    return layers


def stray_layer_folders(annotations_dir: Path) -> list[Path]:
    """Folders under ``by/`` that cannot be layers (``by/gold/``, names with spaces...)."""
    return [f for f in _layer_folders(Path(annotations_dir)) if not is_analyst_name(f.name)]


def team_path(annotations_dir: Path) -> Path:
    """``<annotations>/../team.json``."""
    folder = Path(annotations_dir)
    return (folder.parent if folder.name else folder.absolute().parent) / TEAM_FILE


def load_team(annotations_dir: Path) -> Team | None:
    """The team file beside the annotations folder, or None when there is none.

    Raises DataError (file, line:col, JSON path) when it is not valid.
    """
    path = team_path(annotations_dir)
    if not path.is_file():
        return None
    raw = read_bytes(path, root=path.parent)
    return parse_model(Team, loads(raw, path), raw, path)


def layer_of_file(path: Path) -> str:
    """The layer an annotation file belongs to: the analyst of ``.../by/<name>/x.json``."""
    path = Path(path)
    if path.parent.parent.name == LAYERS_DIR and path.parent.name:
        return path.parent.name
    return GOLD


def registry_for(path: Path) -> Path | None:
    """The shared ``facts.json`` of an annotation file (gold or an analyst's layer)."""
    path = Path(path)
    candidates = [path.parent / FACTS_FILE]
    if layer_of_file(path) != GOLD:
        candidates.append(path.parent.parent.parent / FACTS_FILE)
    for candidate in candidates:
        if candidate.is_file():
            return candidate
    return None


def load_layer(files: dict[str, Path]) -> dict[str, AnnotationFile]:
    """Read and validate one layer's files (article id -> file); DataError on a bad one."""
    return {article_id: load_annotation_file(path) for article_id, path in sorted(files.items())}
