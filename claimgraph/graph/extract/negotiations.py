"""Negotiations: talks, meetings and calls between states, grouped into tracks by their parties.

A sentence mentioning talks/negotiations/meeting/summit/phone call/delegation/envoy visit yields a
track whose parties are the states it involves: states named or metonymic, demonyms ("a Ukrainian
delegation"), and the states of the persons and bodies named (Witkoff -> United States), the
speaker of the sentence included. Sentences with the same party set (two or more states) are one
track; its name comes from a place named next to the noun ("Geneva talks", "talks ... in Miami")
or else from its parties.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .entities import Recognition

_NOUNS = re.compile(r"\b(?:peace talks|talks|negotiations?|negotiators|consultations|summit|meeting|"
                    r"phone call|call|delegations?|round of talks)\b", re.I)
_STATUS = re.compile(r"\b(?:upcoming|next week|will|would|ready to meet|to meet|planned|begin)\b", re.I)


@dataclass
class Track:
    parties: tuple[str, ...]
    phrases: list[str] = field(default_factory=list)
    places: list[str] = field(default_factory=list)
    sentences: list[int] = field(default_factory=list)
    upcoming: bool = False


def _states_of(eid: str, rec: Recognition) -> str | None:
    ent = rec.entities.get(eid)
    if ent is None:
        return None
    if ent.type == "State":
        return ent.id
    if ent.capital_of:
        return None
    return ent.member_of


def find_tracks(rec: Recognition, sentences, speakers_by_sentence: dict[int, set[str]]) -> list[Track]:
    """Negotiation tracks of the article."""
    tracks: dict[tuple[str, ...], Track] = {}
    for sent in sentences:
        nouns = [m for m in _NOUNS.finditer(sent.text)]
        if not nouns or sent.role == "heading":
            continue
        nouns = [n for n in nouns if not _venue_only(sent.text, n) and not _quoted(sent.text, n)]
        if not nouns:
            continue
        parties: set[str] = set()
        places: list[str] = []
        for m in rec.mentions:
            if m.sentence != sent.index or m.entity is None:
                continue
            ent = rec.entities[m.entity]
            if m.kind in ("name", "capital", "demonym", "description"):
                st = _states_of(m.entity, rec)
                if st and not (ent.type == "City" and m.kind == "name"):
                    parties.add(st)
            if ent.type == "City" and m.kind == "name" and not ent.capital_of and _near(sent, m, nouns):
                places.append(ent.name)
        for eid in speakers_by_sentence.get(sent.index, ()):
            st = _states_of(eid, rec)
            if st:
                parties.add(st)
        if len(parties) == 1 and re.search(r"\b(?:talks|negotiations|meeting) with\b", sent.text):
            other = _paragraph_actor(rec, sentences, sent, parties)
            if other:
                parties.add(other)
        if len(parties) < 2:
            continue
        key = tuple(sorted(parties))
        tr = tracks.setdefault(key, Track(key))
        tr.phrases += [n.group() for n in nouns]
        tr.places += places
        tr.sentences.append(sent.index)
        tr.upcoming |= bool(_STATUS.search(sent.text))
    return list(tracks.values())


def _paragraph_actor(rec: Recognition, sentences, sent, exclude: set[str]) -> str | None:
    """The state of the first actor named in the paragraph ("his leverage before talks with X")."""
    first = min(s.index for s in sentences if s.paragraph == sent.paragraph)
    for m in rec.mentions:
        if first <= m.sentence <= sent.index and m.entity and m.kind in ("name", "capital"):
            st = _states_of(m.entity, rec)
            if st and st not in exclude and rec.entities[m.entity].type != "City":
                return st
    return None


def _quoted(text: str, noun: re.Match) -> bool:
    before = text[:noun.start()]
    return before.count("“") > before.count("”")


def _venue_only(text: str, noun: re.Match) -> bool:
    """'the G20 summit in Johannesburg' or 'a phone call' without parties is no negotiation by itself."""
    before = text[max(0, noun.start() - 12):noun.start()]
    return bool(re.search(r"\bG\d+\s*$|\bNATO\s*$|\bEU\s*$", before))


def _near(sent, m, nouns) -> bool:
    return any(abs((m.start - sent.start) - n.start()) < 40 for n in nouns)


def track_name(tr: Track, rec: Recognition) -> str:
    names = [rec.entities[p].name for p in tr.parties]
    place = max(set(tr.places), key=tr.places.count) if tr.places else None
    base = "–".join(names) + " talks"
    return f"{base} in {place}" if place else base
