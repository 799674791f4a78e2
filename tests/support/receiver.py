"""A real HTTP server on loopback that keeps every request it gets (webhook and robot
receivers in tests), answering with what the test tells it to."""

from __future__ import annotations

import json
import threading
import urllib.parse
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Received:
    path: str
    query: dict
    headers: dict
    body: bytes

    @property
    def json(self):
        return json.loads(self.body)


@dataclass
class Receiver:
    """``answers`` is a list of ``(status, body)`` used in turn (the last one repeats).

    Example::

        with Receiver() as hook:
            post(hook.url + "/x", …)
            assert hook.requests[0].json == …
    """

    answers: list = field(default_factory=lambda: [(200, {"errcode": 0, "code": 0})])
    requests: list = field(default_factory=list)

    def __enter__(self):
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802 (http.server's naming)
                length = int(self.headers.get("Content-Length") or 0)
                parts = urllib.parse.urlsplit(self.path)
                with receiver._lock:
                    receiver.requests.append(
                        Received(
                            parts.path,
                            dict(urllib.parse.parse_qsl(parts.query)),
                            {k.lower(): v for k, v in self.headers.items()},
                            self.rfile.read(length),
                        )
                    )
                    turn = min(len(receiver.requests), len(receiver.answers)) - 1
                    status, body = receiver.answers[turn]
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args):
                pass

        self._lock = threading.Lock()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self._server.server_port}"
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc):
        self._server.shutdown()
        self._server.server_close()
