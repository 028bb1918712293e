"""Inter-annotator agreement between annotation layers (pure computation: no file I/O).

``compare(Study, by=...)`` gives every measure overall and per pair, label or article;
``render`` turns a report into text, markdown or JSON. Loading layers is the store's job
(``annotator.store.layers``) and the ``agree`` command's.
"""

from annotator.agreement.compare import MEASURES, Agreement, Report, Row, Study, compare
from annotator.agreement.units import ArticleText, LayerSpan

__all__ = ["MEASURES", "Agreement", "ArticleText", "LayerSpan", "Report", "Row", "Study", "compare"]
