"""Assemble the extraction into the loader's annotation format, and into the evaluation form.

``extract_annotation(text, **meta)`` runs the pipeline (segment -> entities -> attribution ->
kinds/stance/dates -> negotiations) and returns a ``claimgraph-annotation/1`` dict marked
``annotator.method: extraction``, each statement with its offsets, a Web Annotation
TextQuoteSelector and a confidence. ``to_eval_json(annotation)`` turns such a dict (extracted or
hand-made) into the schema that shared/eval/score.py reads.
"""

from __future__ import annotations

import re
from datetime import date

from . import EXTRACTOR_VERSION
from .attribution import attribute
from .statement import Statement
from .entities import Recognition, recognize
from .gazetteer import ACTOR_TYPES, Gazetteer, load_gazetteer
from .kinds import classify, quote_flag
from .negotiations import find_tracks, track_name
from .segment import sentences as split_sentences
from .temporal import counts, resolve

_CAPTURE = re.compile(r"\b(?:captured?|capture of|liberated|took control of|seized)\b", re.I)


def extract_annotation(text: str, *, url: str | None = None, date_published: str | date | None = None,
                       publisher: str | None = None, id: str | None = None, headline: str | None = None,
                       language: str = "en", gazetteer: Gazetteer | None = None, **_: object) -> dict:
    """Extract actors, locations, negotiations and attributed statements from an article."""
    gaz = gazetteer or load_gazetteer()
    pub = date.fromisoformat(str(date_published)) if date_published else None
    sents = split_sentences(text)
    rec = recognize(text, sents, gaz)
    stmts = attribute(text, sents, rec, gaz)
    for st in stmts:
        _ensure(rec, gaz, st.speaker)
    _label(text, stmts)
    speakers: dict[int, set[str]] = {}
    for st in stmts:
        speakers.setdefault(st.sentence, set()).add(st.speaker)
    tracks = find_tracks(rec, sents, speakers)
    for tr in tracks:
        for p in tr.parties:
            _ensure(rec, gaz, p)
    first = sents[0].text if sents else ""
    doc = {"id": (id or _slug(headline or first)[:60]).strip("-") or "article",
           "type": "NewsArticle", "headline": headline or first or "(untitled)",
           "language": language}
    if url:
        doc["url"] = url
    if pub:
        doc["date_published"] = pub.isoformat()
    doc["text"] = text
    actors, locations = _entities(rec)
    if publisher:
        outlet = _slug(publisher) or "publisher"
        if outlet not in {a["id"] for a in actors + locations}:
            actors.append({"id": outlet, "type": "MediaOutlet", "name": publisher})
        doc["publisher"] = outlet
    ann = {"format": "claimgraph-annotation/1", "document": doc,
           "annotator": {"method": "extraction", "agent": "claimgraph-extractor", "version": EXTRACTOR_VERSION},
           "actors": actors, "locations": locations, "communications": [],
           "negotiations": [{"id": _slug(track_name(tr, rec)), "name": track_name(tr, rec),
                             "aliases": sorted(set(tr.phrases)), "parties": list(tr.parties),
                             **({"status": "upcoming"} if tr.upcoming else {})} for tr in tracks],
           "operations": [],
           "statements": _statements(text, stmts, rec, pub)}
    return ann


def _ensure(rec: Recognition, gaz: Gazetteer, eid: str) -> None:
    if eid not in rec.entities and eid in gaz.entities:
        rec.entities[eid] = gaz.entities[eid]


def _slug(s: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", s.lower()).strip("-")


def _label(text: str, stmts: list[Statement]) -> None:
    """Kinds and quote flags; nested statements first, since their reporter depends on them."""
    for st in stmts:
        if st.outer is not None:
            st.kind = classify(text[st.content[0]:st.content[1]], st.kind_hint)
    for st in stmts:
        if st.outer is None:
            nested = [stmts[k].kind for k in st.nested]
            st.kind = classify(text[st.content[0]:st.content[1]], st.kind_hint, nested)
            st.quote = quote_flag(text[st.start:st.end])


def _mentioned(rec: Recognition) -> tuple[set[str], dict[str, set[str]]]:
    named, surfaces = set(), {}
    for m in rec.mentions:
        if m.entity and m.kind in ("name", "capital"):
            named.add(m.entity)
            surfaces.setdefault(m.entity, set()).add(m.text.replace("’", "'"))
    return named, surfaces


def _entities(rec: Recognition) -> tuple[list[dict], list[dict]]:
    named, surfaces = _mentioned(rec)
    actors, locations = [], []
    for eid in sorted(named, key=lambda e: min(m.start for m in rec.mentions if m.entity == e)):
        ent = rec.entities[eid]
        item = {"id": ent.id, "type": ent.type, "name": ent.name,
                "aliases": sorted(s for s in surfaces.get(eid, ()) if s != ent.name)}
        if ent.wikidata:
            item["wikidata"] = ent.wikidata
        if ent.type in ACTOR_TYPES:
            if ent.member_of and ent.member_of in named and ent.member_of != ent.id:
                item["member_of"] = [ent.member_of]
            actors.append(item)
        else:
            locations.append(item)
    return actors, locations


def _about(text: str, st: Statement, rec: Recognition, metonymic: set[tuple[int, int]]) -> list[str]:
    lo, hi = st.content
    if st.pattern in ("continuation",):
        lo, hi = st.start, st.end
    out: list[str] = []
    for m in rec.mentions:
        if not (lo <= m.start < hi) or m.entity is None or m.entity == st.speaker:
            continue
        ent = rec.entities[m.entity]
        if ent.outlet or ent.platform or m.kind in ("demonym", "pronoun", "role"):
            continue
        if m.kind == "name" and (m.start, m.end) in metonymic:
            continue
        if m.entity not in out:
            out.append(m.entity)
    return out


def _statements(text: str, stmts: list[Statement], rec: Recognition, pub: date | None) -> list[dict]:
    ids = [f"s{k + 1:02d}" for k in range(len(stmts))]
    metonymic = {(m.start, m.end) for m in rec.mentions if m.kind == "capital"}
    out = []
    for k, st in enumerate(stmts):
        span = text[st.start:st.end]
        item = {"id": ids[k], "speaker": st.speaker, "cue": st.cue, "kind": st.kind,
                "quote": bool(st.quote), "text": span, "about": _about(text, st, rec, metonymic),
                "confidence": st.confidence}
        occurrence = text.count(span, 0, st.start) + 1
        if occurrence > 1:
            item["occurrence"] = occurrence
        if st.outer is not None:
            item["reported_by"] = [ids[st.outer]]
        if st.nested:
            item["reports"] = [ids[n] for n in st.nested]
        refs = resolve(span, pub, st.start)
        said = [r for r in refs if not r.forward and r.date]
        if said and st.pattern != "continuation":
            item["date_said"] = said[0].date.isoformat()
        asserts = _asserts(st, span, refs, rec, ids[k])
        if asserts:
            item["asserts"] = asserts
        out.append(item)
    _stances(stmts, out)
    return out


def _asserts(st: Statement, span: str, refs, rec: Recognition, sid: str) -> list[dict]:
    places = [m.entity for m in rec.mentions if st.content[0] <= m.start < st.content[1] and m.entity
              and rec.entities[m.entity].type in ("City", "Region", "Area")]
    out = []
    if st.kind == "deadline":
        a = {"id": f"{sid}-deadline", "type": "deadline", "set_by": st.speaker}
        n = counts(span)
        if n:
            a["count"] = n[0]
        due = [r for r in refs if r.forward and r.date]
        if due:
            a["due"] = due[0].date.isoformat()
        if places:
            a["location"] = places[0]
        a["objective"] = (f"taking {rec.entities[places[0]].name}" if places
                          else " ".join(span.split()[:12]))
        out.append(a)
    elif _CAPTURE.search(span) and places and st.kind in ("claim", "denial"):
        status = "disputed" if st.kind == "denial" or st.outer is not None else "asserted"
        # The claimed captor is the speaker's state when the extractor knows it, else the speaker.
        speaker = rec.entities.get(st.speaker)
        party = (speaker.member_of if speaker is not None and speaker.member_of
                 and speaker.member_of in rec.entities else st.speaker)
        for p in dict.fromkeys(places):
            out.append({"id": f"{sid}-capture-{p}", "type": "capture", "party": party,
                        "location": p, "status": status})
    return out


def _stances(stmts: list[Statement], items: list[dict]) -> None:
    """A denial disputes what it reports and other speakers' claims about the same places."""
    for k, st in enumerate(stmts):
        if st.kind != "denial":
            continue
        targets = [items[n]["id"] for n in st.nested]
        mine = {a for a in items[k]["about"]}
        for j, other in enumerate(stmts):
            if j == k or other.speaker == st.speaker or other.kind not in ("claim",):
                continue
            if mine & set(items[j]["about"]) and items[j]["id"] not in targets:
                if any(a for a in mine & set(items[j]["about"])):
                    targets.append(items[j]["id"])
        if targets:
            items[k]["disputes"] = targets
