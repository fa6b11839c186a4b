"""The claim ledger's change feed over HTTP: ``GET /api/changes`` (JSON) and
``GET /feeds/changes.atom`` (Atom, RFC 4287), one blueprint ``bp``.

Both take the same parameters: ``since`` (an ISO date or date-time; a time without a zone is
UTC; default: the beginning), ``entity`` (repeatable; an IRI, prefixed name or name, resolved
by the query catalog's resolver like every other entity parameter) and ``limit`` (1..1000,
default 200). Without ``entity`` the feed follows the watched entities (``claimgraph watch
add``), or every change when nothing is watched. Bad parameters answer 400 in the server's
one error shape, with ``parameter`` and, for an unknown or ambiguous name, ``candidates``.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

from flask import Blueprint, Response, current_app, jsonify, request

from claimgraph.graph.ledger.feed import atom_feed
from claimgraph.graph.ledger.watch import changes_since, watched
from claimgraph.graph.store import StoreError
from claimgraph.queries.params import ParameterError
from claimgraph.server.api import error_response
from claimgraph.server.app import get_store
from claimgraph.server.web import catalog_bridge as cb

bp = Blueprint("ledger_api", __name__)

MAX_LIMIT = 1000
DEFAULT_LIMIT = 200
ATOM = "application/atom+xml"


class BadParameter(Exception):
    """A feed parameter the client got wrong."""

    def __init__(self, parameter: str, detail: str, candidates: list | None = None) -> None:
        super().__init__(detail)
        self.parameter, self.detail, self.candidates = parameter, detail, candidates or []


@dataclass
class FeedRequest:
    """The feed parameters after checking: since (aware UTC), entity IRIs, limit, scope."""

    since: datetime.datetime | None
    entities: list[str]
    limit: int
    scope: str  # "entities", "watched" or "all"


def parse_since(text: str) -> datetime.datetime:
    """An ISO date (midnight UTC) or date-time (UTC when it names no zone)."""
    # An unencoded "+01:00" in a query string arrives as " 01:00": read it as the zone it was.
    value = re.sub(r"(T[\d:.]+) (\d{2}(:?\d{2})?)$", r"\1+\2", text.strip())
    try:
        if len(value) == 10:
            day = datetime.date.fromisoformat(value)
            return datetime.datetime(day.year, day.month, day.day, tzinfo=datetime.timezone.utc)
        moment = datetime.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise BadParameter("since", f"parameter 'since': {value[:40]!r} is not an ISO date "
                                    "(2025-06-01) or date-time (2025-06-01T12:00:00Z)") from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=datetime.timezone.utc)
    return moment.astimezone(datetime.timezone.utc)


def parse_request() -> FeedRequest:
    """Check and resolve the query string (see the module docstring)."""
    args = request.args
    unknown = sorted(set(args) - {"since", "entity", "limit"})
    if unknown:
        raise BadParameter(unknown[0], f"unknown parameter {unknown[0]!r}: expected since, "
                                       "entity (repeatable) or limit")
    for name in ("since", "limit"):
        if len(args.getlist(name)) > 1:
            raise BadParameter(name, f"parameter {name!r} is given {len(args.getlist(name))} "
                                     "times")
    since = parse_since(args["since"]) if "since" in args else None
    try:
        limit = int(args.get("limit", str(DEFAULT_LIMIT)))
    except ValueError:
        raise BadParameter("limit", "parameter 'limit' must be an integer") from None
    if not 1 <= limit <= MAX_LIMIT:
        raise BadParameter("limit", f"parameter 'limit' must be between 1 and {MAX_LIMIT}")
    entities = []
    resolver = cb.runner().resolver
    for value in args.getlist("entity"):
        try:
            entities.append(str(resolver.resolve("entity", "entity", value)))
        except ParameterError as exc:
            raise BadParameter("entity", str(exc), exc.candidates) from None
    if entities:
        return FeedRequest(since, list(dict.fromkeys(entities)), limit, "entities")
    targets = watched(get_store())
    return FeedRequest(since, targets, limit, "watched" if targets else "all")


def _entries(feed: FeedRequest) -> list:
    return changes_since(get_store(), feed.since, feed.entities or None, feed.limit)


def _answer(render) -> Response:
    try:
        feed = parse_request()
        return render(feed, _entries(feed))
    except BadParameter as exc:
        return error_response(400, exc.detail, parameter=exc.parameter,
                              candidates=exc.candidates)
    except StoreError as exc:
        current_app.logger.error("store error in the change feed: %s", exc)
        return error_response(503, "the store could not answer")


@bp.get("/api/changes")
def changes() -> Response:
    """Status changes as JSON, newest first."""
    def render(feed: FeedRequest, entries: list) -> Response:
        return jsonify({"since": feed.since.isoformat() if feed.since else None,
                        "entities": feed.entities, "scope": feed.scope,
                        "changes": [e.as_dict() for e in entries]})
    return _answer(render)


@bp.get("/feeds/changes.atom")
def changes_atom() -> Response:
    """The same changes as an Atom feed."""
    def render(feed: FeedRequest, entries: list) -> Response:
        return Response(atom_feed(entries, request.url), content_type=f"{ATOM}; charset=utf-8")
    return _answer(render)
