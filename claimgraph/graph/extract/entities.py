"""Entity recognition: gazetteer longest match plus patterns for names the gazetteer lacks.

Produces, per article, the list of mentions (name, capital used as an agent, description, generic
role such as "the general", pronoun, demonym) with offsets, and the entities they denote. Names
not in the gazetteer are recognised from their shape and context: runs of capitalised words that
follow a title or precede a cue verb (persons), that hold an organisation head word ("Institute",
"Ministry") or follow "told"/"interview with" (organisations, outlets), or that follow a place
preposition or precede "direction"/"region"/"River" (places). A later surname alone resolves to the
full name seen earlier. Resolution of descriptions and pronouns to speakers is done in attribution.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .gazetteer import Entity, Gazetteer, tokenize
from .segment import Sentence

PRONOUNS = {"he": "Person", "she": "Person"}
ROLE_NOUNS = {"general", "expert", "minister", "foreign minister", "defence minister", "president",
              "leader", "envoy", "special envoy", "spokesman", "spokeswoman", "spokesperson", "aide",
              "commander", "commander-in-chief", "chief", "intelligence chief", "spy chief",
              "governor", "regional governor", "secretary", "negotiator", "chief negotiator",
              "analyst", "official", "diplomat", "chancellor", "prime minister", "adviser", "advisor"}
_ROLE_ADJ = {"former", "top", "regional", "ukrainian", "russian", "american", "u.s.", "us", "chief",
             "foreign", "defence", "defense", "special", "presidential", "senior", "military",
             "intelligence", "kremlin", "spy", "deputy", "prime", "foreign-policy", "army"}
TITLE_WORDS = {"President", "Minister", "Foreign", "Defence", "Defense", "Prime", "Secretary", "State",
               "General", "Gen.", "Army", "Colonel", "Lieutenant", "Chief", "Commander", "Special",
               "Envoy", "Spokesman", "Spokeswoman", "Former", "Deputy", "Kremlin", "Senator", "Sen.",
               "Ambassador", "Governor", "Mayor", "Chancellor", "Vice", "Aide", "Adviser", "Head",
               "Director", "Admiral", "Marshal", "Major", "Captain", "Mr.", "Mrs.", "Ms.", "Dr."}
STOP_CAPS = {"The", "A", "An", "In", "On", "At", "But", "And", "Or", "If", "As", "After", "Before",
             "While", "When", "Since", "He", "She", "It", "They", "We", "I", "You", "This", "That",
             "These", "Those", "There", "Asked", "Speaking", "According", "Analysts", "Three", "Two",
             "One", "European", "Western", "Our", "His", "Her", "Their", "Its", "What", "Why", "How",
             "Who", "Former", "Meanwhile", "However", "Later", "Earlier", "Still", "Also", "Yet",
             "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday", "January",
             "February", "March", "April", "May", "June", "July", "August", "September", "October",
             "November", "December", "Nov", "Dec", "Christmas", "Thanksgiving", "Easter", "God"}
ORG_HEADS = {"Institute", "Ministry", "Council", "Agency", "Fund", "Service", "Office", "Committee",
             "Staff", "News", "Times", "Post", "Journal", "Channel", "Kanal", "Radio", "TV", "Bank",
             "Union", "Commission", "Directorate", "Parliament", "Party", "Centre", "Center",
             "University", "Foundation", "Company", "Guard", "Command", "Press", "Agency", "Network"}
UNIT_HEADS = {"Brigade", "Corps", "Regiment", "Battalion", "Division", "Army", "Group", "Forces", "Fleet"}
LOC_PREPS = {"in", "near", "at", "from", "to", "towards", "toward", "around", "outside", "into",
             "across", "of", "via", "over", "on"}
LOC_NEXT = {"direction": "City", "front": "City", "sector": "City", "axis": "City", "district": "Region",
            "region": "Region", "oblast": "Region", "Oblast": "Region", "Region": "Region",
            "River": "River", "river": "River"}
_CONNECT = {"of", "for", "the", "and", "on"}


@dataclass
class Mention:
    start: int
    end: int
    text: str
    entity: str | None
    kind: str          # name | capital | description | role | pronoun | demonym
    sentence: int
    role: str | None = None


@dataclass
class Recognition:
    text: str
    mentions: list[Mention]
    entities: dict[str, Entity]


def _slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")


class _Recognizer:
    def __init__(self, gaz: Gazetteer):
        self.gaz = gaz
        self.entities: dict[str, Entity] = {}
        self.mentions: list[Mention] = []
        self.surnames: dict[str, str] = {}

    def use(self, entity_id: str) -> Entity:
        ent = self.entities.get(entity_id) or self.gaz.entities.get(entity_id)
        self.entities[entity_id] = ent
        return ent

    def new(self, name: str, etype: str) -> str:
        eid = _slug(name)
        for existing in (self.gaz.entities.get(eid), self.entities.get(eid)):
            if existing is not None:
                return existing.id
        self.entities[eid] = Entity(id=eid, type=etype, name=name, source="pattern")
        if etype == "Person":
            self.surnames[name.split()[-1]] = eid
        return eid

    def add(self, toks, i, j, entity, kind, sent, role=None):
        s, e = toks[i][1], toks[j - 1][2]
        self.mentions.append(Mention(s, e, self._text[s:e], entity, kind, sent.index, role))

    def sentence(self, text: str, sent: Sentence) -> None:
        self._text = text
        toks = [(t, s + sent.start, e + sent.start) for t, s, e in tokenize(sent.text)]
        words = [t for t, _, _ in toks]
        i = 0
        while i < len(toks):
            step = self._match(toks, words, i, sent)
            i += step
        return None

    def _match(self, toks, words, i, sent) -> int:
        gaz = self.gaz
        first = "the" if words[i] == "The" else words[i]
        if first not in gaz.first_names and first.lower() not in gaz.first_descriptions:
            return self._other(toks, words, i, sent)
        lowered = [w.lower() for w in words[i:i + gaz.max_len]]
        for length in range(min(gaz.max_len, len(toks) - i), 0, -1):
            key = (first, *words[i + 1:i + length])
            low = tuple(lowered[:length])
            if low in gaz.descriptions and (length > 1):
                self.use(gaz.descriptions[low])
                self._possessive_state(toks, words, i, sent)
                self.add(toks, i, i + length, gaz.descriptions[low], "description", sent)
                return length
            eid = gaz.names.get(key)
            if eid is None:
                continue
            ent = self.use(eid)
            prev = words[i - 1].lower() if i else ""
            if ent.platform and prev not in {"on", "via"}:
                continue
            if length > 1:
                self._possessive_state(toks, words, i, sent)
            self.add(toks, i, i + length, eid, "name", sent)
            nxt = words[i + length] if i + length < len(words) else ""
            if ent.capital_of and nxt != "-" and prev not in LOC_PREPS - {"to", "on", "over"}:
                self.use(ent.capital_of)
                self.add(toks, i, i + length, ent.capital_of, "capital", sent)
            return length
        return self._other(toks, words, i, sent)

    def _possessive_state(self, toks, words, i, sent) -> None:
        eid = self.gaz.names.get((words[i],))
        if eid and i + 1 < len(words) and words[i + 1] == "'s" and self.gaz.entities[eid].type == "State":
            self.use(eid)
            self.add(toks, i, i + 1, eid, "name", sent)

    def _other(self, toks, words, i, sent) -> int:
        w = words[i]
        if w.lower() in PRONOUNS:
            self.add(toks, i, i + 1, None, "pronoun", sent)
            return 1
        if w in self.gaz.demonyms:
            self.add(toks, i, i + 1, self.gaz.demonyms[w], "demonym", sent)
            return 1
        if w.lower() == "the":
            role, n = _role_at(words, i + 1)
            if role:
                self.add(toks, i, i + 1 + n, None, "role", sent, role)
                return 1 + n
        if w[:1].isupper() and w not in STOP_CAPS and w.isalpha() or (w[:1].isupper() and w in TITLE_WORDS):
            return self._capital_run(toks, words, i, sent)
        return 1

    def _capital_run(self, toks, words, i, sent) -> int:
        j = i
        while j < len(words) and (_cap(words[j]) or (words[j] in _CONNECT and j + 1 < len(words)
                                                      and _cap(words[j + 1]) and j > i)):
            if j > i and self._name_starts(words, j):
                break
            j += 1
        start = i
        while start < j and (words[start] in TITLE_WORDS or words[start] in STOP_CAPS
                             or words[start] in _CONNECT):
            start += 1
        while j > start and words[j - 1] in _CONNECT:
            j -= 1
        if start >= j:
            return max(1, j - i)
        if j < len(words) and self._name_starts(words, j) and \
                self.gaz.entities[self._name_at(words, j)].type == "Person":
            return max(1, j - i)  # a title such as "Chief of the General Staff" before a name
        name = " ".join(words[start:j])
        prev = words[start - 1] if start else ""
        nxt = words[j] if j < len(words) else ""
        etype = self._classify(words[start:j], prev, nxt, start == 0, i < start)
        if etype == "surname":
            self.add(toks, start, j, self.surnames[name], "name", sent)
        elif etype == "Outlet":
            eid = self.new(name, "Organization")
            self.entities[eid].outlet = self.entities[eid].source == "pattern"
            self.add(toks, start, j, eid, "name", sent)
        elif etype:
            if etype in LOC_NEXT.values() and nxt in ("Oblast", "River"):
                name, j = f"{name} {nxt}", j + 1
            self.add(toks, start, j, self.new(name, etype), "name", sent)
        return max(1, j - i)

    def _name_at(self, words, j) -> str:
        for n in (3, 2, 1):
            if tuple(words[j:j + n]) in self.gaz.names:
                return self.gaz.names[tuple(words[j:j + n])]
        raise KeyError(j)

    def _name_starts(self, words, j) -> bool:
        if words[j] in ORG_HEADS | UNIT_HEADS:
            return False
        return any(tuple(words[j:j + n]) in self.gaz.names for n in (1, 2, 3))

    def _classify(self, run, prev, nxt, initial, titled) -> str | None:
        name = " ".join(run)
        if len(run) == 1 and name in self.surnames:
            return "surname"
        if any(w in ORG_HEADS for w in run):
            return "Organization"
        if any(w in UNIT_HEADS for w in run) and len(run) > 1:
            return "MilitaryUnit"
        if nxt in LOC_NEXT:
            return LOC_NEXT[nxt]
        if prev.lower() in LOC_PREPS and not titled and len(run) <= 2 and prev != "of":
            return "City"
        if prev in {"told", "with"} and len(run) == 1:
            return "Outlet"
        if 2 <= len(run) <= 3 and all(w.isalpha() or "-" in w for w in run):
            return "Person"
        return None


def _cap(word: str) -> bool:
    return word[:1].isupper() and (word.replace("-", "").replace(".", "").isalpha()) and word not in STOP_CAPS


def _role_at(words: list[str], i: int) -> tuple[str | None, int]:
    """A generic role noun phrase starting at ``i`` ("general", "top commander", "foreign minister")."""
    j = i
    while j < len(words) and words[j] in _ROLE_ADJ and j - i < 3:
        j += 1
    for n in (5, 3, 2, 1):
        cand = " ".join(words[j:j + n]).replace(" - ", "-")
        if cand in ROLE_NOUNS:
            return cand, j - i + n
    if j > i and words[j - 1] in ROLE_NOUNS:
        return words[j - 1], j - i
    return None, 0


def recognize(text: str, sentences: list[Sentence], gaz: Gazetteer) -> Recognition:
    """Find the entity mentions of ``text`` (already split into ``sentences``)."""
    rec = _Recognizer(gaz)
    for sent in sentences:
        rec.sentence(text, sent)
    return Recognition(text, rec.mentions, rec.entities)
