"""Reference resolution for speakers: descriptions, generic roles and pronouns to entities.

"He" is the most recent person speaker (else the most recent person named); a generic role ("the
general", "the commander-in-chief", "the expert") is the most recent speaker, then person mention,
whose roles include it. Roles come from the gazetteer and from the article itself: a title before
a name ("Kremlin spokesman Dmitry Peskov") or an appositive beside it ("Viktor Trehubov, the
spokesman for ..."). Also says which mentions can be speakers at all and how sure an attribution is.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from .entities import ROLE_NOUNS, Mention, Recognition
from .gazetteer import Gazetteer

if TYPE_CHECKING:
    from .statement import Statement

_TITLE_BEFORE = re.compile(r"((?:[A-Za-z\-]+ ){1,3})$")


class Coref:
    def __init__(self, rec: Recognition, gaz: Gazetteer):
        self.rec = rec
        self.entities = rec.entities
        self.persons = [m for m in rec.mentions
                        if m.entity and m.kind in ("name", "description")
                        and self.entities[m.entity].type == "Person"]
        self.roles: dict[str, set[str]] = {eid: set(e.roles) for eid, e in self.entities.items()}
        self.bound: dict[int, str] = {}
        self._learn_roles()

    def _learn_roles(self) -> None:
        ms = sorted(self.rec.mentions, key=lambda m: m.start)
        for k, m in enumerate(ms):
            if m.kind != "role":
                continue
            for other in (ms[k - 1] if k else None, ms[k + 1] if k + 1 < len(ms) else None):
                if other is not None and other in self.persons and abs(
                        (other.start - m.end) if other.start > m.start else (m.start - other.end)) <= 2:
                    self.roles[other.entity] |= {m.role, m.role.split()[-1]}
                    self.bound[id(m)] = other.entity
        for m in self.persons:
            before = self._text_before(m)
            hit = _TITLE_BEFORE.search(before)
            if hit:
                words = hit.group(1).lower().split()
                for n in (3, 2, 1):
                    cand = " ".join(words[-n:])
                    if cand in ROLE_NOUNS:
                        self.roles[m.entity] |= {cand, cand.split()[-1]}

    def _text_before(self, m: Mention) -> str:
        return self.rec.text[max(0, m.start - 40):m.start]

    def capable(self, m: Mention) -> bool:
        """Whether ``m`` can be the speaker of a statement."""
        if m.kind in ("pronoun", "role"):
            return True
        if m.kind == "demonym" or m.entity is None:
            return False
        ent = self.entities[m.entity]
        return ent.is_actor and not ent.platform

    def is_outlet(self, eid: str) -> bool:
        return self.entities[eid].outlet

    def resolve(self, m: Mention, statements: list[Statement]) -> str | None:
        """The entity id ``m`` refers to, given the statements found so far."""
        if m.kind in ("name", "capital", "description"):
            return m.entity
        if id(m) in self.bound:
            return self.bound[id(m)]
        speakers = [s.speaker for s in reversed(statements)
                    if s.start < m.start and self.entities[s.speaker].type == "Person"]
        named = [p.entity for p in reversed(self.persons) if p.end <= m.start]
        if m.kind == "pronoun":
            return (speakers or named or [None])[0]
        if m.kind == "role":
            for eid in speakers + named:
                if self._compatible(m.role, eid):
                    return eid
            return (speakers or [None])[0]
        return None

    def _compatible(self, role: str, eid: str) -> bool:
        roles = self.roles.get(eid, set())
        return role in roles or role.split()[-1] in roles

    def other_person(self, m: Mention, exclude: str) -> str | None:
        """The most recent person named before ``m`` other than ``exclude`` (pronouns in quotes)."""
        for p in reversed(self.persons):
            if p.end <= m.start and p.entity != exclude:
                return p.entity
        return None

    @staticmethod
    def confidence(m: Mention, pattern: str) -> float:
        base = {"name": 0.9, "capital": 0.85, "description": 0.85, "role": 0.8, "pronoun": 0.8}[m.kind]
        return round(base - (0.05 if pattern in ("headline", "according") else 0.0), 2)
