"""The validator: consistency rules over annotation files. Never imports Textual."""

from annotator.validate.engine import validate_paths
from annotator.validate.findings import Finding, Result

__all__ = ["Finding", "Result", "validate_paths"]
