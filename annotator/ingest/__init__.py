"""Taking articles in from the web: fetch a page, extract its text and metadata.

Pure functions of bytes (``extract``), the network fetch (``fetch``), ids (``slug``) and
the flow that ties them to the store (``ingest``). No file is written here: the store's
``sources`` module writes the text, the saved page and the manifest. Never imports Textual.
"""
