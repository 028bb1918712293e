"""annotator: a keyboard-first terminal app for fact-checking news."""

__version__ = "0.1.0"
