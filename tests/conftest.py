"""Shared fixtures: every test works on its own copy of the corpus and annotations."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from annotator.store.store import Store
from tests.helpers import ANNOTATIONS, CORPUS, DATA


@pytest.fixture()
def workspace(tmp_path: Path) -> Path:
    """A temporary copy of the frozen corpus (as seeds/) and annotations/."""
    shutil.copytree(CORPUS, tmp_path / "seeds")
    shutil.copytree(ANNOTATIONS, tmp_path / "annotations")
    return tmp_path


@pytest.fixture()
def store(workspace: Path) -> Store:
    return Store(workspace / "seeds", workspace / "annotations")


@pytest.fixture()
def fixed_clock(monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """Every new span and fact gets the same timestamp, so files and snapshots are stable."""
    stamp = "2026-11-22T15:00:00Z"
    monkeypatch.setattr("annotator.model.models.now", lambda: stamp)
    monkeypatch.setattr("annotator.editor.now", lambda: stamp)
    yield stamp


@pytest.fixture()
def page_server() -> Iterator[str]:
    """A local HTTP server on 127.0.0.1 (ephemeral port) serving the saved news pages and
    the failures ingest must report; yields its base URL. Never the internet."""
    import threading
    import time
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    pages = DATA / "pages"
    stop = threading.Event()

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:  # noqa: A002
            pass

        def _send(self, status: int, body: bytes, ctype: str | None, length: bool = True) -> None:
            self.send_response(status)
            if ctype:
                self.send_header("Content-Type", ctype)
            if length:
                self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def do_GET(self) -> None:
            path = self.path.split("?", 1)[0]
            if path.startswith("/pages/"):
                page = pages / path[len("/pages/") :]
                if page.is_file():
                    self._send(200, page.read_bytes(), "text/html; charset=utf-8")
                    return
            if path == "/redirect":
                self.send_response(302)
                self.send_header("Location", "/pages/futurezone.at.lyft.html")
                self.send_header("Content-Length", "0")
                self.end_headers()
            elif path == "/no-type":
                self._send(200, (pages / "salon.com.emissions.html").read_bytes(), None)
            elif path == "/slow":  # answers only after 5 s (or at teardown)
                stop.wait(5)
                self._send(200, b"<html><body><p>late</p></body></html>", "text/html")
            elif path == "/drip":  # headers at once, then a byte every 0.05 s
                self.send_response(200)
                self.send_header("Content-Type", "text/html")
                self.end_headers()
                try:
                    self.wfile.write(b"<html><body><p>")
                    while not stop.is_set():
                        self.wfile.write(b"x")
                        self.wfile.flush()
                        time.sleep(0.05)
                except OSError:
                    pass  # the client gave up, as it should
            elif path == "/big":  # declares its size
                self._send(200, b"<html><body>" + b"<p>big</p>" * 20_000, "text/html")
            elif path == "/big-unsized":  # no Content-Length: the limit applies while reading
                self._send(200, b"<html><body>" + b"<p>big</p>" * 20_000, "text/html", False)
            elif path == "/json":
                self._send(200, b'{"headline": "not a page"}', "application/json")
            elif path == "/empty":
                self._send(
                    200, b"<html><head><title>x</title></head><body></body></html>", "text/html"
                )
            else:
                self._send(404, b"<html><body>not found</body></html>", "text/html")

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        stop.set()
        server.shutdown()
        server.server_close()


@pytest.fixture(autouse=True)
def config_home(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """XDG_CONFIG_HOME in a temporary folder: tests never read or write the user's
    ui.json or keymap.json (annotator.store.config)."""
    home = tmp_path_factory.mktemp("config")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home))
    return home
