"""The URL parameters of pages that take a question's or a view's arguments (``/q/NAME``,
``/graph``): each given once, as ``/api/queries`` requires, and the representation asked for by
``format=``, the URL's suffix or ``Accept``. Both are refused with a 400 naming the parameter
(``BadParameter``), in the one error shape (render.error)."""

from __future__ import annotations

from typing import Collection, Mapping

from flask import request


class BadParameter(ValueError):
    """A URL parameter that was wrong: ``name`` and what was wrong with it."""

    def __init__(self, name: str, detail: str) -> None:
        super().__init__(detail)
        self.name, self.detail = name, detail


def single_params(repeatable: Collection[str] = ()) -> dict[str, str]:
    """The URL's parameters, each given once (a repeated one is a 400 rather than its first
    value silently); a parameter of ``repeatable`` may repeat, and gives its first value here
    (read them all with ``request.args.getlist``)."""
    params = {}
    for key in request.args:
        values = request.args.getlist(key)
        if len(values) > 1 and key not in repeatable:
            raise BadParameter(key, f"parameter {key!r} is given {len(values)} times")
        params[key] = values[0]
    return params


def page_format(suffix: str | None, offered: Mapping[str, str]) -> str:
    """The representation a page is asked for, a key of ``offered`` (name -> media type, HTML
    first): ``format=`` (which a ``.json`` URL must agree with), else the URL's suffix, else the
    best of ``offered`` that the Accept header ranks above HTML."""
    given = request.args.get("format")
    if given is not None:
        if given not in offered:
            *others, last = offered
            expected = f"{', '.join(others)} or {last}" if others else last
            raise BadParameter("format", f"parameter 'format': expected {expected}, "
                               f"got {given[:60]!r}")
        if suffix is not None and given != suffix:
            raise BadParameter("format", f"parameter 'format': the .{suffix} URL gives "
                               f"{suffix}, not {given}")
        return given
    if suffix is not None:
        return suffix
    accept = request.accept_mimetypes
    if not request.headers.get("Accept", "").strip():
        return "html"
    best = accept.best_match(list(offered.values()))
    by_type = {media: name for name, media in offered.items()}
    if best is None or accept[best] <= accept["text/html"]:
        return "html"
    return by_type[best]
