"""The one error handler: every error leaves the server in one shape, and never as a traceback.

Machines get ``{"error": {"status": N, "title": "...", "detail": "..."}}`` as JSON; a browser
(a client that prefers ``text/html``) gets the site's error page (``templates/error.html``, the
one the web pages use); a client that asks only for ``text/plain`` gets one plain line. Views
raise ``ApiError`` (or any werkzeug ``HTTPException``); anything else is a bug, logged with its
traceback on stderr and answered with a bare 500 (bare: the templates may be what failed).
Requests gunicorn refuses before the application sees them leave in the same shape
(wire_errors.py).
"""

from __future__ import annotations

import html
import json
import logging
import re

from flask import Flask, Response, current_app, render_template, request
from werkzeug.datastructures import MIMEAccept
from werkzeug.exceptions import HTTPException

log = logging.getLogger("claimgraph.server")

TITLES = {
    400: "Bad Request", 401: "Unauthorized", 403: "Forbidden", 404: "Not Found",
    405: "Method Not Allowed", 406: "Not Acceptable", 408: "Request Timeout",
    413: "Content Too Large", 414: "URI Too Long", 415: "Unsupported Media Type",
    422: "Unprocessable Content", 429: "Too Many Requests", 431: "Request Header Fields Too Large",
    500: "Internal Server Error", 503: "Service Unavailable",
}


# C0 and C1 controls, DEL, the Unicode line and paragraph separators, and the backslash that
# introduces the escapes (so an escaped "\n" and a path spelling "\x0a" stay distinct).
_UNLOGGABLE = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\\]")


def loggable(text: str) -> str:
    """``text`` (a request path, say) safe for a one-line log record: control characters are
    written as escapes, so a client cannot start a forged line or send terminal escapes."""
    return _UNLOGGABLE.sub(_escape, text)


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code == ord("\\"):
        return "\\\\"
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


class ApiError(Exception):
    """An error answer: HTTP ``status``, a short ``detail`` for the client, optional headers."""

    def __init__(self, status: int, detail: str, *, title: str | None = None,
                 headers: dict[str, str] | None = None) -> None:
        super().__init__(detail)
        self.status = status
        self.detail = detail
        self.title = title or TITLES.get(status, "Error")
        self.headers = headers or {}


class TimeLimitError(ApiError):
    """A query stopped at the time limit (503)."""

    def __init__(self, limit: float, hint: str = "") -> None:
        super().__init__(503, f"the query did not finish within the time limit of {limit:g} s "
                              f"and was stopped{hint}")
        self.limit = limit


class ResultLimitError(ApiError):
    """An answer with more results than the server gives in one (422)."""

    def __init__(self, count: int, limit: int,
                 advice: str = "Add a LIMIT or narrow the query.") -> None:
        super().__init__(422, f"the answer has {count} results; the limit is {limit}. {advice}")
        self.count, self.limit = count, limit


def _prefers_html() -> bool:
    accept = request.accept_mimetypes
    best = accept.best_match(["application/json", "text/html", "text/plain"])
    if best != "text/html":
        return False
    # "*/*" alone is a machine; a browser names text/html explicitly.
    return any(value == "text/html" for value, _ in accept)


def plain_only(accept: MIMEAccept) -> bool:
    """Whether a client's Accept header asks for ``text/plain`` over JSON."""
    return bool(accept) and accept.best_match(["application/json", "text/plain"]) == "text/plain" \
        and accept["application/json"] < accept["text/plain"]


def error_document(status: int, title: str, detail: str) -> str:
    """The one error shape, as JSON text."""
    return json.dumps({"error": {"status": status, "title": title, "detail": detail}})


def _html_page(status: int, title: str, detail: str) -> str:
    if status != 500 and "pages" in current_app.blueprints:
        return render_template("error.html", status=status, title=title, detail=detail)
    return (f"<!doctype html><html><head><meta charset=utf-8><title>{status} "
            f"{html.escape(title)}</title></head><body><h1>{status} {html.escape(title)}</h1>"
            f"<p>{html.escape(detail)}</p></body></html>")


def error_response(status: int, detail: str, title: str | None = None,
                   headers: dict[str, str] | None = None) -> Response:
    """Build the error answer for the current request."""
    title = title or TITLES.get(status, "Error")
    if request.method != "HEAD" and _prefers_html():
        response = Response(_html_page(status, title, detail), status=status,
                            mimetype="text/html")
    elif plain_only(request.accept_mimetypes):
        response = Response(f"{status} {title}: {detail}\n", status=status, mimetype="text/plain")
    else:
        response = Response(error_document(status, title, detail), status=status,
                            mimetype="application/json")
    for name, value in (headers or {}).items():
        response.headers[name] = value
    return response


def register_error_handlers(app: Flask) -> None:
    """Install the handlers on ``app``."""

    @app.errorhandler(ApiError)
    def _api_error(exc: ApiError) -> Response:
        return error_response(exc.status, exc.detail, exc.title, exc.headers)

    @app.errorhandler(HTTPException)
    def _http_error(exc: HTTPException) -> Response:
        status = exc.code or 500
        headers = {k: v for k, v in exc.get_headers() if k.lower() not in ("content-type",)}
        detail = exc.description or TITLES.get(status, "Error")
        if status == 413:
            detail = (f"the request body is larger than the limit of "
                      f"{app.config.get('MAX_CONTENT_LENGTH')} bytes")
        return error_response(status, detail, TITLES.get(status, exc.name), headers)

    @app.errorhandler(Exception)
    def _unexpected(exc: Exception) -> Response:
        if _broken_framing(exc):
            # gunicorn found the body's framing broken (a chunk size that is not hex, say)
            # while a view read it: the client's fault (gunicorn then closes the connection).
            return error_response(400, f"the request body is not valid HTTP: {str(exc)[:200]}")
        log.exception("unexpected error on %s %s", loggable(request.method),
                      loggable(request.path))
        return error_response(500, "the server failed to handle this request; it has been logged")


def _broken_framing(exc: Exception) -> bool:
    try:
        from gunicorn.http.errors import ParseException
    except ImportError:         # not under gunicorn
        return False
    return isinstance(exc, ParseException)
