"""The cross-source fact report: text, markdown and html renderings of the fact matrix."""
