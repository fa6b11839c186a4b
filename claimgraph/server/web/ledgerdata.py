"""Data of the claim ledger pages (JSON-able dicts shared by the pages and their JSON twins).

A claim's ledger (its facts, status history with valid and transaction time, the evidence on
each side, recurrence and copies), the claims about an entity or location with their
histories, and the timeline items the timeline view's script draws. The ledger itself is
derived by :mod:`claimgraph.graph.ledger`; these pages only read it.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from claimgraph.graph.ledger import PRECEDENCE, STATUSES
from claimgraph.server.web import store_access as sa
from claimgraph.server.web.describe import Labeller
from claimgraph.server.web.iris import href, iri_to_path
from claimgraph.server.web.vocab import CG

STATUS_COLOURS = {"unverified": "#94a3b8", "asserted": "#3b82f6", "disputed": "#d97706",
                  "confirmed": "#15803d", "refuted": "#dc2626", "expired": "#64748b"}
# Statuses that count against a claim; evidence behind them goes on the "against" side.
AGAINST = {"disputed", "refuted", "expired"}
FOR_RELATIONS = {"asserts": "asserts it", "evidenceFor": "gives evidence for it"}
AGAINST_RELATIONS = {"evidenceAgainst": "gives evidence against it",
                     "disputes": "disputes a statement asserting it"}
KINDS = {CG + "ControlClaim": "capture or control", CG + "DeadlineClaim": "deadline",
         CG + "PredictionClaim": "prediction", CG + "PromiseClaim": "promise"}
MAX_ROWS = 2000


def status_name(term: object) -> str:
    """``cg:refuted`` → ``refuted``."""
    return str(term).rsplit("#", 1)[-1]


def ledger_href(claim: str) -> str | None:
    """The ledger page of a minted claim IRI (None for an IRI this server does not mint)."""
    path = iri_to_path(claim)
    return "/ledger" + path[len("/id"):] if path and path.startswith("/id/claim/") else None


def _text(row: dict, name: str) -> str | None:
    value = row.get(name)
    return str(value) if value is not None else None


def histories(claims: list[str], lab: Labeller) -> dict[str, list[dict[str, Any]]]:
    """Each claim's status changes, oldest first (valid time, then the more settled status, then
    the rule): the ledger's order, in which claim-status lists them too."""
    out: dict[str, list[dict[str, Any]]] = {c: [] for c in claims}
    if not claims:
        return out
    for row in sa.run("ledger-history", claims=claims, limit=MAX_ROWS).rows:
        status = status_name(row["status"])
        out[str(row["claim"])].append({
            "change": str(row["change"]), "status": status,
            "changed_at": _text(row, "changedAt"), "recorded_at": _text(row, "recordedAt"),
            "rule": _text(row, "ruleLabel") or status_name(row["rule"]).rsplit("/", 1)[-1],
            "rule_description": _text(row, "ruleComment"), "rule_href": href(str(row["rule"])),
            "evidence": lab.ref(str(row["evidence"])) if row.get("evidence") else None,
            "evidence_text": _text(row, "text"),
            "speaker": lab.ref(str(row["speaker"])) if row.get("speaker") else None,
            "source": lab.ref(str(row["doc"])) if row.get("doc") else None,
            "source_date": _text(row, "published"), "side": "against" if status in AGAINST
            else "for"})
    for changes in out.values():
        changes.sort(key=lambda c: (c["changed_at"] or "", PRECEDENCE.get(c["status"], 0),
                                    c["rule"], c["change"]))
    return out


def timeline_items(changes: list[dict[str, Any]], label_of=None) -> list[dict[str, Any]]:
    """Dated changes as items of the timeline view (one lane per status)."""
    items = []
    for change in changes:
        if not change["changed_at"]:
            continue
        who = change["speaker"]["label"] if change.get("speaker") else change["rule"]
        label = label_of(change) if label_of else who
        items.append({"iri": change["change"], "label": label, "start": change["changed_at"],
                      "end": None, "href": change["evidence"]["href"] if change["evidence"]
                      else "#history", "category": change["status"],
                      "category_label": change["status"],
                      "colour": STATUS_COLOURS.get(change["status"], "#94a3b8")})
    return items


def _facts(iri: str, lab: Labeller) -> dict[str, Any] | None:
    facts: dict[str, Any] = {"kinds": [], "locations": [], "parties": [], "setters": []}
    rows = sa.run("ledger-facts", this=iri).rows
    if not any(str(r["o"]) == CG + "CheckableClaim" for r in rows):
        return None
    for row in rows:
        p, o = str(row["p"]).rsplit("#", 1)[-1], row["o"]
        if p == "type" and str(o) in KINDS:
            facts["kinds"].append(KINDS[str(o)])
        elif p in ("claimedLocation", "claimedParty", "setBy"):
            key = {"claimedLocation": "locations", "claimedParty": "parties",
                   "setBy": "setters"}[p]
            facts[key].append(lab.ref(str(o)))
        elif p in ("currentStatus", "outcome"):
            facts[p] = status_name(o)
        elif p not in ("type",):
            facts[p] = str(o)
    return facts


def _evidence(iri: str, changes: list[dict[str, Any]], lab: Labeller) -> dict[str, Any]:
    statements: dict[str, dict[str, Any]] = {}
    for row in sa.run("ledger-evidence", this=iri, limit=MAX_ROWS).rows:
        st = str(row["st"])
        entry = statements.setdefault(st, {
            "statement": lab.ref(st), "text": _text(row, "text"), "relations": [],
            "speaker": lab.ref(str(row["speaker"])) if row.get("speaker") else None,
            "source": lab.ref(str(row["doc"])) if row.get("doc") else None,
            "date": _text(row, "date"), "restates": None, "copy_of": None, "rules": []})
        relation = str(row["relation"])
        if relation not in entry["relations"]:
            entry["relations"].append(relation)
        for key, col in (("restates", "restates"), ("copy_of", "copyOf")):
            if entry[key] is None and row.get(col) is not None:
                entry[key] = lab.ref(str(row[col]))
    asserting = {st for st, e in statements.items() if "asserts" in e["relations"]}
    for change in changes:
        evidence = change["evidence"]
        if evidence is None or evidence["iri"] in asserting:
            continue  # the claimant's own statement is the claim, not evidence about it
        entry = statements.setdefault(evidence["iri"], {
            "statement": lab.ref(evidence["iri"]), "text": change["evidence_text"],
            "relations": [], "speaker": lab.ref(change["speaker"]["iri"])
            if change["speaker"] else None, "source": lab.ref(change["source"]["iri"])
            if change["source"] else None, "date": change["changed_at"], "restates": None,
            "copy_of": None, "rules": []})
        if change["rule"] not in entry["rules"]:
            entry["rules"].append(change["rule"])
        entry.setdefault("ledger_side", change["side"])
    sides: dict[str, list[dict[str, Any]]] = {"for": [], "against": []}
    for entry in statements.values():
        relations = entry["relations"]
        against = any(r in AGAINST_RELATIONS for r in relations) or \
            (not relations and entry.get("ledger_side") == "against")
        entry["relation_labels"] = [FOR_RELATIONS.get(r) or AGAINST_RELATIONS[r]
                                    for r in relations]
        entry.pop("ledger_side", None)
        sides["against" if against else "for"].append(entry)
    for side in sides.values():
        side.sort(key=lambda e: (e["date"] or "", e["statement"]["iri"]))
    originals = [e for e in sides["for"] if "asserts" in e["relations"] and not e["copy_of"]]
    return {"sides": sides, "statements": len(asserting), "distinct_assertions": len(originals),
            "restatements": sum(1 for e in originals if e["restates"]),
            "copies": sum(1 for st in asserting if statements[st]["copy_of"])}


def claim_ledger(iri: str) -> dict[str, Any] | None:
    """The ledger page of one claim, or None when ``iri`` is not a checkable claim."""
    lab = Labeller()
    facts = _facts(iri, lab)
    if facts is None:
        return None
    claim = lab.ref(iri)
    changes = histories([iri], lab)[iri]
    evidence = _evidence(iri, changes, lab)
    lab.finish()
    status = facts.pop("currentStatus", None)
    return {"claim": claim, "status": status, "colour": STATUS_COLOURS.get(status or ""),
            "facts": facts, "history": changes, "evidence": evidence,
            "timeline": {"dated": timeline_items(changes), "undated": []},
            "undated_changes": sum(1 for c in changes if not c["changed_at"]),
            "feed": "/feeds/changes.atom?entity=" + quote(iri, safe=""), "statuses": list(STATUSES)}


def claims_about(iri: str | None, with_history: bool = True) -> dict[str, Any]:
    """The claims about an entity (every claim when ``iri`` is None), their status counts and,
    with ``with_history``, each claim's status history and the dated changes as a timeline."""
    lab = Labeller()
    claims: dict[str, dict[str, Any]] = {}
    rows = sa.run("ledger-about", this=iri, limit=MAX_ROWS).rows if iri else \
        sa.run("ledger-claims", limit=MAX_ROWS).rows
    for row in rows:
        claim = str(row["claim"])
        entry = claims.setdefault(claim, {"claim": lab.ref(claim), "status":
                                          status_name(row["status"]), "relations": [],
                                          "locations": [], "ledger": ledger_href(claim)})
        relation = str(row["relation"]) if row.get("relation") else None
        if relation and relation not in entry["relations"]:
            entry["relations"].append(relation)
        place = str(row["location"]) if row.get("location") else None
        if place and place not in [p["iri"] for p in entry["locations"]]:
            entry["locations"].append(lab.ref(place))
    changes = histories(list(claims), lab) if with_history else {}
    lab.finish()
    items = []
    for claim, entry in claims.items():
        entry["history"] = changes.get(claim, [])
        items += timeline_items(entry["history"], lambda c, e=entry:
                                f"{e['claim']['label']}: {c['status']}")
    ordered = sorted(claims.values(), key=lambda e: (-PRECEDENCE.get(e["status"], 0),
                                                     e["status"], e["claim"]["label"]))
    counts = {s: sum(1 for e in ordered if e["status"] == s) for s in STATUSES}
    return {"claims": ordered, "counts": {s: n for s, n in counts.items() if n},
            "timeline": {"dated": items, "undated": []}, "truncated": len(rows) >= MAX_ROWS}


def entity_ledger(iri: str, types: set[str]) -> dict[str, Any] | None:
    """What an entity page shows of the ledger: a claim's status and ledger link, or the claims
    about the entity (as place, party, setter or claimant); None when there is nothing."""
    if types & ({CG + "CheckableClaim"} | set(KINDS)):
        rows = sa.run("ledger-facts", this=iri).rows
        status = next((status_name(r["o"]) for r in rows
                       if str(r["p"]) == CG + "currentStatus"), None)
        return {"kind": "claim", "status": status, "ledger": ledger_href(iri)} if status else None
    about = claims_about(iri, with_history=False)
    if not about["claims"]:
        return None
    place = any("location" in c["relations"] for c in about["claims"])
    link = ("/ledger/location?location=" if place else "/ledger/about?entity=") + quote(iri)
    return {"kind": "about", "claims": about["claims"], "counts": about["counts"],
            "ledger": link}
