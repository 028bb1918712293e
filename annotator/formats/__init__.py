"""Export and import formats: pure functions between the model and bytes (no file I/O)."""
