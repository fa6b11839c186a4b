"""gunicorn's own error answers in the server's one error shape.

Some requests never reach the application: gunicorn refuses them while parsing (a request
line over ``limit_request_line`` bytes is 414, a header field over ``limit_request_field_size``
bytes or more than ``limit_request_fields`` fields is 431, a request line or header that is not
HTTP is 400) and writes its own small HTML page. ``ShapedErrors.handle_error`` lets gunicorn
decide the status and log the request as it always does, keeps what it would have written, and
sends ``{"error": {"status", "title", "detail"}}`` instead (errors.py), or one plain line when
the request's headers were read and ask only for ``text/plain``. Usually they were not, so the
answer is JSON: a browser shows it as text, which is enough for a request no page makes.

``ShapedThreadWorker`` is gunicorn's plain gthread worker with these answers: ``claimgraph
serve`` uses it when balance.py's worker cannot run on the installed gunicorn.
"""

from __future__ import annotations

import re
from typing import Any

from werkzeug.datastructures import MIMEAccept
from werkzeug.http import parse_accept_header

from claimgraph.server.errors import TITLES, error_document, plain_only

DETAIL_MAX = 200          # characters of the client's own bytes quoted back in a detail
_STATUS_LINE = re.compile(rb"HTTP/1\.[01] (\d{3}) ([^\r\n]*)\r\n")


class _Kept:
    """Stands in for the client socket while gunicorn writes its error page: keeps the bytes."""

    def __init__(self, sock: Any) -> None:
        self.sock, self.data = sock, b""

    def sendall(self, data: bytes) -> None:
        self.data += bytes(data)

    def send(self, data: bytes) -> int:
        self.sendall(data)
        return len(data)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.sock, name)


class ShapedErrors:
    """Mixin for a gunicorn worker: its own error answers leave in the one error shape."""

    cfg: Any

    def handle_error(self, req: Any, client: Any, addr: Any, exc: BaseException) -> None:
        kept = _Kept(client)
        super().handle_error(req, kept, addr, exc)  # type: ignore[misc]  # logs; writes to kept
        found = _STATUS_LINE.match(kept.data)
        if found is None:               # not the page we know: pass it on as it was
            answer = kept.data
        else:
            status = int(found.group(1))
            title = TITLES.get(status) or found.group(2).decode("latin-1").strip() or "Error"
            answer = shaped_answer(status, title, error_detail(exc, status, self.cfg), req)
        if answer:
            try:
                client.sendall(answer)
            except OSError:
                pass                    # the client has gone; gunicorn closes the socket


def _worker_base() -> type:
    from gunicorn.workers.gthread import ThreadWorker
    return ThreadWorker


class ShapedThreadWorker(ShapedErrors, _worker_base()):  # type: ignore[misc]
    """gunicorn's gthread worker whose own error answers are in the one error shape."""


def shaped_answer(status: int, title: str, detail: str, req: Any = None) -> bytes:
    """A whole HTTP/1.1 answer (the connection closes after it) for an error gunicorn found."""
    accept = _header(req, "ACCEPT")
    if accept is not None and plain_only(parse_accept_header(accept, MIMEAccept)):
        body, mimetype = f"{status} {title}: {detail}\n", "text/plain; charset=utf-8"
    else:
        body, mimetype = error_document(status, title, detail), "application/json"
    payload = body.encode("utf-8")
    head = (f"HTTP/1.1 {status} {title}\r\nConnection: close\r\nContent-Type: {mimetype}\r\n"
            f"Content-Length: {len(payload)}\r\n\r\n").encode("latin-1")
    return head if getattr(req, "method", None) == "HEAD" else head + payload


def _header(req: Any, name: str) -> str | None:
    for key, value in getattr(req, "headers", None) or ():
        if str(key).upper() == name:
            return str(value)
    return None


def error_detail(exc: BaseException, status: int, cfg: Any) -> str:
    """What went wrong, for the client: the limit that was passed, or what gunicorn could not
    parse (the client's own bytes cut to ``DETAIL_MAX`` characters); never a traceback."""
    name = type(exc).__name__
    if status >= 500 and status != 501:
        return "the server failed to handle this request; it has been logged"
    if name == "LimitRequestLine":
        return (f"the request line (method, path and query string) is longer than the limit of "
                f"{cfg.limit_request_line} bytes; send a long SPARQL query in a POST body")
    if name == "LimitRequestHeaders":
        message = str(exc)
        if "size" in message:
            return (f"a request header field is longer than the limit of "
                    f"{cfg.limit_request_field_size} bytes")
        if message.endswith("fields"):
            return f"the request has more than the limit of {cfg.limit_request_fields} header fields"
        return "the request's header fields are too large"
    text = str(exc)
    if len(text) > DETAIL_MAX:
        text = text[:DETAIL_MAX] + "…"
    return f"the request is not valid HTTP: {text}"
