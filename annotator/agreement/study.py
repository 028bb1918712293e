"""Build a Study from loaded layers and article texts (no file I/O here)."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

from annotator.agreement.compare import Study
from annotator.agreement.units import ArticleText, LayerSpan
from annotator.model.models import AnnotationFile
from annotator.model.text import sha256_text


def shared_articles(layers: Mapping[str, Mapping[str, object]], names: Sequence[str]) -> list[str]:
    """The article ids every named layer has a file for, sorted."""
    if not names:
        return []
    common = set(layers[names[0]])
    for name in names[1:]:
        common &= set(layers[name])
    return sorted(common)


def build_study(
    names: Sequence[str],
    docs: Mapping[str, Mapping[str, AnnotationFile]],
    text_of: Callable[[str], str | None],
) -> tuple[Study, list[tuple[str, str]]]:
    """The study over the articles all layers share, and the articles left out (and why).

    An article is left out when it is not in the corpus, when a layer was made on a
    different text (its sha256 differs from the text's), or when a span does not fit the
    text (offsets past its end).
    """
    articles: list[ArticleText] = []
    spans: dict[str, dict[str, list[LayerSpan]]] = {name: {} for name in names}
    skipped: list[tuple[str, str]] = []
    for article_id in shared_articles(docs, names):
        text = text_of(article_id)
        if text is None:
            skipped.append((article_id, "not in the corpus"))
            continue
        digest = sha256_text(text)
        stale = [n for n in names if docs[n][article_id].article.sha256 != digest]
        if stale:
            skipped.append(
                (article_id, "made on a different text (sha256 differs) in " + ", ".join(stale))
            )
            continue
        misfit = [n for n in names if any(s.end > len(text) for s in docs[n][article_id].spans)]
        if misfit:
            skipped.append((article_id, "spans past the end of the text in " + ", ".join(misfit)))
            continue
        articles.append(ArticleText.from_text(article_id, text))
        for name in names:
            spans[name][article_id] = [
                LayerSpan(s.start, s.end, s.label, tuple(s.facts))
                for s in docs[name][article_id].sorted_spans()
            ]
    return Study(list(names), articles, spans), skipped
