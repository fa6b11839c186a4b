"""Data of the timeline and map views (JSON-able dicts, shared by the pages and their twins)."""

from __future__ import annotations

import re
from typing import Any

from claimgraph.server.web import store_access as sa
from claimgraph.server.web.iris import href
from claimgraph.server.web.vocab import category

_POINT = re.compile(r"POINT\s*\(\s*(-?[0-9.]+)\s+(-?[0-9.]+)\s*\)", re.IGNORECASE)
MAX_ITEMS = 2000


def timeline_data(iri: str) -> dict[str, Any]:
    """Statements and claims about ``iri`` (and its roles): dated ones on the axis, the others in
    source order, each with kind, status and the relation that brought it in."""
    rows = sa.run("timeline", this=iri, limit=MAX_ITEMS).rows
    items: dict[str, dict[str, Any]] = {}
    for row in rows:
        item = str(row["item"])
        entry = items.setdefault(item, {"iri": item, "href": href(item), "relations": [],
                                        "start": None, "end": None, "kind": None,
                                        "status": None, "document": None, "position": None})
        relation = str(row["relation"])
        if relation not in entry["relations"]:
            entry["relations"].append(relation)
        for key, col in (("start", "start"), ("end", "end"), ("document", "doc")):
            if entry[key] is None and row.get(col) is not None:
                entry[key] = str(row[col])
        for key in ("kind", "status"):
            if entry[key] is None and row.get(key) is not None:
                entry[key] = str(row[key]).rsplit("#", 1)[-1]
        pos = sa.as_int(row.get("pos"), -1)
        if pos >= 0 and (entry["position"] is None or pos < entry["position"]):
            entry["position"] = pos
    names = sa.labels(list(items) + [iri] + [e["document"] for e in items.values() if e["document"]])
    types = sa.types_of(list(items) + [iri])
    for entry in items.values():
        entry["label"] = names.get(entry["iri"], entry["iri"])
        key, cat_label, colour = category(types.get(entry["iri"], []))
        entry.update(category=key, category_label=cat_label, colour=colour)
        entry["document_label"] = names.get(entry["document"]) if entry["document"] else None
    ordered = sorted(items.values(), key=lambda e: (e["start"] or "9999", e["document"] or "",
                                                    e["position"] if e["position"] is not None
                                                    else 10 ** 9, e["iri"]))
    return {"entity": {"iri": iri, "href": href(iri), "label": names.get(iri, iri)},
            "dated": [e for e in ordered if e["start"]],
            "undated": [e for e in ordered if not e["start"]],
            "truncated": len(rows) >= MAX_ITEMS}


def map_data() -> dict[str, Any]:
    """Locations with point coordinates and how many statements and claims concern each."""
    rows = sa.run("map", limit=MAX_ITEMS).rows
    places = []
    for row in rows:
        match = _POINT.search(str(row["wkt"]))
        if not match:
            continue
        places.append({"iri": str(row["place"]), "href": href(str(row["place"])),
                       "long": float(match.group(1)), "lat": float(match.group(2)),
                       "statements": sa.as_int(row.get("statements")),
                       "claims": sa.as_int(row.get("claims"))})
    names = sa.labels(p["iri"] for p in places)
    types = sa.types_of(p["iri"] for p in places)
    for place in places:
        place["label"] = names.get(place["iri"], place["iri"])
        key, cat_label, colour = category(types.get(place["iri"], []))
        place.update(category=key, category_label=cat_label, colour=colour,
                     country=any(t.endswith("#Country") or t.endswith("#State")
                                 for t in types.get(place["iri"], [])))
    places.sort(key=lambda p: (-(p["statements"] + p["claims"]), p["label"]))
    return {"places": places}
