"""Findings, results and the three output formats (text, json, github)."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Literal

import orjson

from annotator.errors import one_line
from annotator.model.display import safe_line

Severity = Literal["error", "warning"]


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem in one file. ``line``/``col`` are 1-based, None when not locatable."""

    path: str
    line: int | None
    col: int | None
    pointer: str
    code: str
    severity: Severity
    message: str

    @property
    def sort_key(self) -> tuple[str, int, int, str, str]:
        return (self.path, self.line or 0, self.col or 0, self.code, self.message)

    def format_text(self) -> str:
        """One line for a terminal: control characters from file names or data are
        shown as stand-ins (a file name with ESC or a newline never reaches it raw)."""
        where = safe_line(self.path)
        if self.line is not None:
            where += f":{self.line}:{self.col or 1}"
        return f"{where}: {self.code} {safe_line(one_line(self.message))}"


@dataclass
class LayerCount:
    """What one layer (gold, or an analyst's ``by/<name>/``) contributed to a run."""

    files: int = 0
    spans: int = 0
    errors: int = 0
    warnings: int = 0


def _n(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


@dataclass
class Result:
    """Everything one run found, plus what it looked at."""

    findings: list[Finding] = field(default_factory=list)
    files: int = 0
    spans: int = 0
    seconds: float = 0.0
    #: layer name -> its counts; only filled when analyst layers were checked.
    layers: dict[str, LayerCount] = field(default_factory=dict)
    #: finding path -> layer, to count findings per layer.
    layer_of: dict[str, str] = field(default_factory=dict)

    def layer_counts(self) -> dict[str, LayerCount]:
        """Per-layer counts with errors and warnings filled in from the findings."""
        out = {name: LayerCount(c.files, c.spans) for name, c in self.layers.items()}
        for f in self.findings:
            layer = self.layer_of.get(f.path)
            if layer in out:
                if f.severity == "error":
                    out[layer].errors += 1
                else:
                    out[layer].warnings += 1
        return out

    def layer_lines(self) -> list[str]:
        return [
            f"layer {name}: {_n(c.files, 'file')}, {_n(c.spans, 'span')}: "
            f"{_n(c.errors, 'error')}, {_n(c.warnings, 'warning')}"
            for name, c in self.layer_counts().items()
        ]

    @property
    def errors(self) -> int:
        return sum(1 for f in self.findings if f.severity == "error")

    @property
    def warnings(self) -> int:
        return sum(1 for f in self.findings if f.severity == "warning")

    def summary(self) -> str:
        def n(count: int, word: str) -> str:
            return f"{count} {word}{'' if count == 1 else 's'}"

        return (
            f"{n(self.files, 'file')}, {n(self.spans, 'span')}: {n(self.errors, 'error')}, "
            f"{n(self.warnings, 'warning')} ({self.seconds:.2f} s)"
        )


def render_text(result: Result) -> str:
    lines = [f.format_text() for f in sorted(result.findings, key=lambda f: f.sort_key)]
    lines.extend(result.layer_lines())
    lines.append(result.summary())
    return "\n".join(lines) + "\n"


def render_json(result: Result) -> str:
    summary: dict[str, object] = {
        "files": result.files,
        "spans": result.spans,
        "errors": result.errors,
        "warnings": result.warnings,
        "seconds": round(result.seconds, 3),
    }
    if result.layers:
        summary["layers"] = {name: asdict(c) for name, c in result.layer_counts().items()}
    document = {
        "findings": [asdict(f) for f in sorted(result.findings, key=lambda f: f.sort_key)],
        "summary": summary,
    }
    return orjson.dumps(document, option=orjson.OPT_INDENT_2).decode() + "\n"


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def render_github(result: Result) -> str:
    """GitHub Actions workflow commands: annotations on the files in a pull request."""
    lines = []
    for f in sorted(result.findings, key=lambda f: f.sort_key):
        props = [f"file={_escape_property(safe_line(f.path))}"]
        if f.line is not None:
            props.append(f"line={f.line}")
            props.append(f"col={f.col or 1}")
        props.append(f"title={_escape_property(f.code)}")
        lines.append(
            f"::{f.severity} {','.join(props)}::{_escape_data(safe_line(one_line(f.message)))}"
        )
    lines.extend(result.layer_lines())
    lines.append(result.summary())
    return "\n".join(lines) + "\n"


RENDERERS = {"text": render_text, "json": render_json, "github": render_github}
