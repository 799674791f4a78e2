"""A real HTTP server around a Flask app, on a free loopback port, in a background thread."""

from __future__ import annotations

import threading

from flask import Flask
from werkzeug.serving import make_server


class LiveServer:
    """A loopback port bound at construction (so :attr:`url` is known before the app is
    built, e.g. for ``settings.base_url``), serving an app from :meth:`serve` until :meth:`stop`.

    Example::

        server = LiveServer()
        settings.base_url = server.url
        server.serve(create_app(settings))
        page.goto(server.url + "/f/expo")
        server.stop()
    """

    def __init__(self):
        self.app: Flask | None = None
        self._server = make_server("127.0.0.1", 0, self._dispatch, threaded=True)
        self.url = f"http://127.0.0.1:{self._server.server_port}"
        self._thread: threading.Thread | None = None

    def _dispatch(self, environ, start_response):
        return self.app(environ, start_response)

    def serve(self, app: Flask) -> None:
        """Start answering requests with ``app`` in a daemon thread."""
        self.app = app
        self._thread = threading.Thread(
            target=self._server.serve_forever, name=f"live-server-{self.url}", daemon=True
        )
        self._thread.start()

    def stop(self) -> None:
        """Stop serving, wait for the serving thread and release the port."""
        if self._thread is not None:
            self._server.shutdown()
            self._thread.join(timeout=10)
        self._server.server_close()
