"""Re-anchor every annotation layer of an article onto its current corpus text.

The orchestration around the pure cascade in ``annotator.model.anchoring``: read the
article's text and each of its annotation files (gold ``<id>.json`` and every analyst's
``by/<analyst>/<id>.json``), re-anchor, and write the files that changed through the
store (atomic, conflict-checked). Every file is read and re-anchored before any is
written, so a broken file stops the run with nothing written.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from annotator.model.anchoring import Outcome, reanchor_file
from annotator.model.models import AnnotationFile, now
from annotator.store.store import Store


def reanchor_article(
    store: Store,
    article_id: str,
    *,
    dry_run: bool = False,
    clock: Callable[[], str] = now,
) -> list[tuple[str, list[Outcome]]]:
    """Re-anchor each layer of ``article_id``; returns (layer name, outcomes) per layer.

    Layer names are ``gold`` and ``by/<analyst>``. With ``dry_run`` nothing is written.
    Raises DataError for an unreadable article or a broken annotation file, and
    ConflictError/SaveError when a file cannot be written (files already written stay
    re-anchored: each is complete and valid on its own).
    """
    text = store.corpus.text(article_id)
    planned: list[tuple[str, Path, AnnotationFile, list[Outcome]]] = []
    for layer, path in store.layer_paths(article_id):
        doc = store.load_annotations_at(path, article_id)
        if doc is None:  # removed since it was listed
            continue
        new_doc, outcomes = reanchor_file(doc, text, clock=clock)
        planned.append((layer, path, new_doc, outcomes))
    if not dry_run:
        for _layer, path, new_doc, _outcomes in planned:
            store.save_annotations_at(path, new_doc)  # writes only when the bytes differ
    return [(layer, outcomes) for layer, _path, _new, outcomes in planned]
