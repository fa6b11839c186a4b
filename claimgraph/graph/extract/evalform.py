"""The evaluation form of an annotation (the schema shared/eval/score.py reads).

Works on any annotation dict, extracted or hand-made: actors and locations by name and evaluation
type, a Country location for each State whose own name (not only its capital) occurs in the text,
statements with speaker names and, for nested statements, the whole sentence that carries them
(the guideline's span unit), and negotiations with party names.

The document's publisher is left out of the actors unless the text names it: the guideline's
actors are the entities named in the article, and the annotation lists the publisher (the
interchange contract gives every document one) even where only the metadata names it.
"""

from __future__ import annotations

import re

from .segment import sentences as split_sentences

_ACTOR_TYPES = {"Person": "Person", "State": "State", "MilitaryUnit": "MilitaryUnit"}
_PLACE_TYPES = {"City": "City", "Region": "Region", "Country": "Country", "River": "River",
                "Axis": "Axis", "Area": "Region"}


def _named_in(text: str, names: list[str]) -> bool:
    return any(re.search(r"(?<![\w-])" + re.escape(n) + r"(?![\w-])", text) for n in names if n)


def _unnamed_publisher(actor: dict, doc: dict, text: str) -> bool:
    """Whether ``actor`` is the document's publisher and the text names it nowhere."""
    return (actor["id"] == doc.get("publisher")
            and not _named_in(text, [actor["name"], *(actor.get("aliases") or [])]))


def to_eval_json(annotation: dict) -> dict:
    """Convert a claimgraph annotation dict to the evaluation schema of issue 8."""
    doc = annotation.get("document", {})
    text = doc.get("text", "")
    actors = annotation.get("actors") or []
    places = annotation.get("locations") or []
    names = {a["id"]: a["name"] for a in actors + places}
    out_actors = [{"name": a["name"], "type": _ACTOR_TYPES.get(a["type"], "Organization")}
                  for a in actors if not _unnamed_publisher(a, doc, text)]
    out_places = [{"name": p["name"], "type": _PLACE_TYPES.get(p["type"], "City")} for p in places]
    capitals = {p["name"] for p in places}
    for a in actors:
        if a["type"] == "State":
            own = [a["name"]] + [x for x in a.get("aliases", []) if x not in capitals]
            if _named_in(text, own) and a["name"] not in {p["name"] for p in out_places}:
                out_places.append({"name": a["name"], "type": "Country"})
    sents = split_sentences(text) if text else []
    place_ids = {p["id"] for p in places}
    statements = []
    for st in annotation.get("statements") or []:
        span = st["text"]
        if st.get("reported_by") and text:
            start = _start_of(text, span, st.get("occurrence", 1))
            span = next((s.text for s in sents if s.start <= start < s.end), span)
        about = st.get("about") or []
        statements.append({
            "speaker": names.get(st["speaker"], st["speaker"]), "cue": st.get("cue", ""),
            "quote": bool(st.get("quote")), "text": span,
            "about_actors": [names[i] for i in about if i in names and i not in place_ids],
            "about_locations": [names[i] for i in about if i in place_ids],
            "kind": st.get("kind", "claim")})
    negotiations = [{"name": n["name"], "parties": [names.get(p, p) for p in n.get("parties", [])]}
                    for n in annotation.get("negotiations") or []]
    return {"doc": doc.get("id", ""), "actors": out_actors, "locations": out_places,
            "statements": statements, "negotiations": negotiations}


def _start_of(text: str, span: str, occurrence: int) -> int:
    """Where the ``occurrence``-th copy of ``span`` starts in ``text`` (-1 when absent)."""
    start = -1
    for _ in range(occurrence):
        start = text.find(span, start + 1)
        if start < 0:
            break
    return start
