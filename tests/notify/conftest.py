"""A local fake LINE Messaging API (never the real one): an HTTP server in a thread on 127.0.0.1 that records each
request and answers from a script of (status, headers, body), 200 when the script is empty."""

from __future__ import annotations

import json
import threading
import time
from collections import deque
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

from tests.results.builders import World, build_world


class FakeLine:
    def __init__(self) -> None:
        self.requests: list[dict[str, Any]] = []
        self.script: deque[tuple[int, dict[str, str], str]] = deque()
        self.delay = 0.0  # seconds before each answer, to make concurrent deliverers overlap
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def _answer(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                fake.requests.append({
                    "method": self.command,
                    "path": self.path,
                    "authorization": self.headers.get("Authorization"),
                    "json": json.loads(body) if body else None,
                })
                time.sleep(fake.delay)
                status, headers, text = fake.script.popleft() if fake.script else (200, {}, "{}")
                self.send_response(status)
                for name, value in headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Type", "application/json")
                self.end_headers()
                self.wfile.write(text.encode())

            do_GET = do_POST = _answer

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def answer(self, *answers: tuple[int, dict[str, str], str]) -> None:
        self.script.extend(answers)

    @property
    def pushes(self) -> list[dict[str, Any]]:
        return [request for request in self.requests if request["path"] == "/v2/bot/message/push"]

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def line(settings):
    fake = FakeLine()
    settings.GOVKPI_LINE_API = fake.url
    settings.GOVKPI_LINE_TOKEN = "test-channel-token"
    settings.GOVKPI_SITE_URL = "https://kpi.phrae.example"
    yield fake
    fake.close()


@pytest.fixture
def world(db) -> World:
    return build_world()
