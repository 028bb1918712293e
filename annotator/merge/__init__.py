"""Merging branches: the three-way merge behind ``annotator merge-driver`` (no Textual)."""
