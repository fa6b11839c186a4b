"""The claim ledger pages: ``/ledger`` (every claim by status), ``/ledger/claim/<hash>`` (one
claim's status history and evidence), ``/ledger/location?location=…`` and
``/ledger/about?entity=…`` (the claims about a place or any entity, with their histories) and
``/scoreboard`` (speakers' track records). Each answers as JSON at ``.json`` or with
``Accept: application/json``; the change feed itself is ``claimgraph.server.ledger_api``.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from flask import Blueprint, Response, request

from claimgraph.graph.ledger import STATUSES
from claimgraph.server.web import catalog_bridge as cb
from claimgraph.server.web import store_access as sa
from claimgraph.server.web.describe import Labeller
from claimgraph.server.web.entities import EntityArgError, resolve
from claimgraph.server.web.iris import is_valid_path, path_to_iri
from claimgraph.server.web.ledgerdata import STATUS_COLOURS, claim_ledger, claims_about, \
    ledger_href, status_name
from claimgraph.server.web.render import error, not_found, respond

# The scoreboard's columns: "open" gathers the statuses nothing has settled yet.
COLUMNS = [("confirmed", ("confirmed",)), ("refuted", ("refuted",)), ("expired", ("expired",)),
           ("disputed", ("disputed",)), ("open", ("unverified", "asserted"))]


def _common(data: dict[str, Any]) -> dict[str, Any]:
    data["status_colours"] = STATUS_COLOURS
    data["statuses"] = list(STATUSES)
    return data


def index(fmt: str | None = None) -> Response:
    """Every checkable claim with its current status."""
    data = claims_about(None, with_history=False)
    data.update(title="Claim ledger", subject=None, feed="/feeds/changes.atom")
    return respond("ledger_claims.html", _common(data), fmt)


def claim(ident: str, fmt: str | None = None) -> Response:
    """One claim's ledger page."""
    if ident.endswith(".json"):
        ident, fmt = ident[:-5], "json"
    if not is_valid_path("claim/" + ident) or "/" in ident:
        return not_found(f"/ledger/claim/{ident} is not the ledger page of a claim", fmt)
    data = claim_ledger(path_to_iri("claim/" + ident))
    if data is None:
        return not_found(f"no checkable claim claim/{ident} is in the ledger", fmt,
                         path_to_iri("claim/" + ident))
    return respond("ledger_claim.html", _common(data), fmt)


def _about(param: str, type_: str, fmt: str | None) -> Response:
    value = request.args.get(param, "").strip()
    if not value:
        return error(400, f"this page needs ?{param}= (a name, /id/ path, prefixed name or IRI)",
                     fmt)
    try:
        iri = resolve(value, param, type_)
    except EntityArgError as exc:
        return error(exc.status, exc.detail, fmt)
    lab = Labeller()
    subject = lab.ref(iri)
    lab.finish()
    data = claims_about(iri)
    data.update(title=f"Claims about {subject['label']}", subject=subject,
                feed="/feeds/changes.atom?entity=" + quote(iri, safe=""))
    return respond("ledger_claims.html", _common(data), fmt)


def location(fmt: str | None = None) -> Response:
    """Every claim about a place (or a place inside it), with status and history."""
    return _about("location", "location", fmt)


def about(fmt: str | None = None) -> Response:
    """Every claim about an entity: as place, party, setter or claimant."""
    return _about("entity", "entity", fmt)


def scoreboard(fmt: str | None = None) -> Response:
    """Speakers' track records (the catalog's ``track-record``), with the claims behind each
    number."""
    try:
        # every speaker: the page sorts them by settled claims, not by the catalog's order
        answer = cb.execute("track-record", {"limit": "0"})
    except cb.user_errors() as exc:
        return error(503, f"the query catalog cannot answer: {exc}", fmt)
    lab = Labeller()
    speakers: dict[str, dict[str, Any]] = {}
    for record in answer.records():
        speaker = str(record["speaker"])
        row = speakers.setdefault(speaker, {"speaker": lab.ref(speaker), "total": 0, "counts":
                                            {c: 0 for c, _ in COLUMNS},
                                            "claims": {c: [] for c, _ in COLUMNS}})
        column = next(c for c, statuses in COLUMNS if record["status"] in statuses)
        row["counts"][column] += int(record["claims"])
        row["total"] += int(record["claims"])
    for r in sa.run("ledger-claimants", limit=5000).rows:
        row = speakers.get(str(r["speaker"]))
        status = status_name(r["status"])
        column = next((c for c, statuses in COLUMNS if status in statuses), None)
        if row is None or column is None:
            continue
        ref = lab.ref(str(r["claim"]))
        ref.update(status=status, ledger=ledger_href(str(r["claim"])))
        row["claims"][column].append(ref)
    lab.finish()
    for row in speakers.values():
        for claims in row["claims"].values():
            claims.sort(key=lambda c: c["label"])
        row["settled"] = sum(row["counts"][c] for c in ("confirmed", "refuted", "expired"))
    ordered = sorted(speakers.values(), key=lambda r: (-r["settled"], -r["total"],
                                                       r["speaker"]["label"]))
    data = {"speakers": ordered, "columns": [c for c, _ in COLUMNS],
            "question": "/q/track-record", "feed": "/feeds/changes.atom"}
    return respond("scoreboard.html", _common(data), fmt)


def register(bp: Blueprint) -> None:
    """Add the ledger routes to the pages blueprint."""
    for rule, name, view in (("/ledger", "ledger", index),
                             ("/ledger/location", "ledger_location", location),
                             ("/ledger/about", "ledger_about", about),
                             ("/scoreboard", "scoreboard", scoreboard)):
        bp.add_url_rule(rule, name, view)
        bp.add_url_rule(rule + ".json", name + "_json", view, defaults={"fmt": "json"})
    bp.add_url_rule("/ledger/claim/<ident>", "ledger_claim", claim)
