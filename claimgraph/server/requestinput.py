"""What a SPARQL or Graph Store request carries, read whole and strictly: body, text, fields.

Werkzeug stops reading a body sent without Content-Length (chunked) at ``MAX_CONTENT_LENGTH``
and hands over the bytes read as if they were all of it; it keeps percent-escapes that are not
UTF-8 as literal text ("caf%E9"); and it ignores the charset of a form. The protocol endpoints
read their input here instead: a body over ``MAX_BODY`` is 413 however it is framed, a declared
charset other than UTF-8 is 415, and a body, form field or URL parameter that is not UTF-8 is
400 (the SPARQL 1.1 Protocol percent-encodes parameters as UTF-8).
"""

from __future__ import annotations

from urllib.parse import parse_qsl

from flask import request
from werkzeug.exceptions import RequestEntityTooLarge

from claimgraph.server.errors import ApiError

Fields = dict[str, list[str]]


def body(*, cache: bool = True) -> bytes:
    """The whole request body; 413 when it is longer than ``MAX_BODY``, however it is framed."""
    data = request.get_data(cache=cache)
    limit = request.max_content_length
    # With Content-Length werkzeug has answered 413 already; without it (chunked), it read up
    # to the limit and stopped, so one more byte in the raw stream means the body was longer.
    if limit is not None and request.content_length is None and len(data) >= limit \
            and request.environ["wsgi.input"].read(1):
        raise RequestEntityTooLarge()
    return data


def require_utf8(what: str) -> None:
    """415 when the request's Content-Type declares a charset other than UTF-8."""
    charset = request.mimetype_params.get("charset")
    if charset is not None and charset.strip().lower() not in ("utf-8", "utf8"):
        raise ApiError(415, f"{what} must be UTF-8, not {charset}")


def text(what: str = "the body") -> str:
    """The body as text: 415 for a declared charset other than UTF-8, 400 if not UTF-8."""
    require_utf8(what)
    try:
        return body().decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ApiError(400, f"{what} is not valid UTF-8: {exc}") from None


def form() -> Fields:
    """The fields of an ``application/x-www-form-urlencoded`` body."""
    return _fields(text("the form"), "the form")


def url_params() -> Fields:
    """The parameters in the URL's query string."""
    try:
        query_string = request.query_string.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ApiError(400, f"the URL's query string is not valid UTF-8: {exc}") from None
    return _fields(query_string, "the URL's query string")


def _fields(encoded: str, where: str) -> Fields:
    fields: Fields = {}
    try:
        for name, value in parse_qsl(encoded, keep_blank_values=True, errors="strict"):
            fields.setdefault(name, []).append(value)
    except UnicodeDecodeError as exc:
        raise ApiError(400, f"{where} is not valid UTF-8: a percent-escape decodes to byte "
                            f"0x{exc.object[exc.start]:02X} ({exc.reason}); percent-encode the "
                            "text as UTF-8") from None
    return fields
