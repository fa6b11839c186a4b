"""The parts of a statement page and a document page that entity pages lack: who said it, its
kind and stance towards other statements, the claims it asserts, and the source text with the
statement's span highlighted (from the oa:TextPositionSelector offsets into cg:fullText)."""

from __future__ import annotations

from typing import Any

from rdflib import URIRef

from claimgraph.graph.contract import axioms
from claimgraph.server.web import store_access as sa
from claimgraph.server.web.describe import Labeller
from claimgraph.server.web.iris import href
from claimgraph.server.web.vocab import CG

STANCE_ORDER = ["disputes", "disputedBy", "contradicts", "supports", "supportedBy", "reports",
                "reportedBy", "evidenceAgainst", "evidenceFor", "asserts", "aimsToInfluence"]


def segments(text: str, spans: list[dict[str, Any]], current: str | None = None) -> list[dict]:
    """Cut ``text`` at span boundaries; each segment names the innermost span covering it.

    ``spans`` are ``{"iri", "start", "end", ...}`` character offsets (Python string indices,
    as the annotation computed them). Overlapping and nested spans are allowed.
    """
    cuts = {0, len(text)}
    good = [s for s in spans if 0 <= s["start"] < s["end"] <= len(text)]
    for s in good:
        cuts.update((s["start"], s["end"]))
    points = sorted(cuts)
    out = []
    for a, b in zip(points, points[1:]):
        covering = [s for s in good if s["start"] <= a and b <= s["end"]]
        inner = min(covering, key=lambda s: (s["end"] - s["start"], s["iri"])) if covering else None
        out.append({"text": text[a:b], "start": a,
                    "span": None if inner is None else {
                        "iri": inner["iri"], "href": href(inner["iri"]),
                        "kind": inner.get("kind"), "current": inner["iri"] == current,
                        "depth": len(covering)}})
    return out


def statement_extra(iri: str, lab: Labeller, props: list[dict[str, Any]]) -> dict[str, Any]:
    """Speaker, kind, stance, about, claims and the highlighted source text of a statement."""
    def values(local: str) -> list[dict[str, Any]]:
        for prop in props:
            if prop["property"]["iri"] == CG + local:
                return prop["values"]
        return []

    def first(local: str) -> Any:
        found = values(local)
        return found[0] if found else None

    stance: dict[str, dict[str, Any]] = {}
    inverses = axioms().inverses
    for row in sa.run("statement-links", this=iri).rows:
        prop = str(row["p"])
        if str(row["direction"]) == "in":
            # "X disputes this" reads as "this is disputed by X"; the inverse is in the graph
            # already when the contract was materialized, so both directions meet here.
            inverse = sorted(str(i) for i in inverses.get(URIRef(prop), ()))
            if not inverse:
                continue
            prop = inverse[0]
        local = prop.rsplit("#", 1)[-1]
        entry = stance.setdefault(local, {"relation": lab.ref(prop), "items": []})
        if all(i["iri"] != str(row["other"]) for i in entry["items"]):
            entry["items"].append(lab.ref(str(row["other"])))
    ordered = [dict(stance[k], key=k) for k in STANCE_ORDER if k in stance]
    span = sa.run("span", this=iri).rows
    text_segments, document = [], None
    if span:
        row = span[0]
        document = lab.ref(str(row["doc"]))
        full = str(row["fullText"]) if row.get("fullText") is not None else None
        start, end = sa.as_int(row.get("start"), -1), sa.as_int(row.get("end"), -1)
        if full is not None and 0 <= start < end <= len(full):
            text_segments = segments(full, [{"iri": iri, "start": start, "end": end}], iri)
    return {
        "speaker": first("speaker"), "kind": first("kind"), "text": first("text"),
        "cue": first("cue"), "quote": first("isDirectQuote"), "confidence": first("confidence"),
        "date_said": first("dateSaid"), "date_reported": first("dateReported"),
        "about": values("about"), "channel": first("channel"), "stance": ordered,
        "document": document, "segments": text_segments,
    }


def document_segments(iri: str, full_text: str) -> list[dict[str, Any]]:
    """The document's text cut into segments marked with the statements read from it."""
    spans = [{"iri": str(r["st"]), "start": sa.as_int(r["start"], -1),
              "end": sa.as_int(r["end"], -1),
              "kind": str(r["kind"]).rsplit("#", 1)[-1] if r.get("kind") else None}
             for r in sa.run("document-spans", this=iri, limit=5000).rows]
    return segments(full_text, spans)
