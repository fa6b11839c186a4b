"""The units attribution works on: a statement, and a token view of one sentence.

``SentenceView`` indexes a sentence's speaker-capable mentions by first and last token and finds
the subject of a cue: walking back over adverbs, dates, appositives (", the head of ...,") and
relative clauses (", who ...,") to the nearest mention, or, for coordinated verbs, the noun phrase
that opens the clause.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .coref import Coref
from .cues import Cue, quote_mask
from .entities import ROLE_NOUNS, TITLE_WORDS, Mention
from .gazetteer import tokenize
from .segment import Sentence

SKIP = {"also", "later", "then", "meanwhile", "still", "repeatedly", "has", "have", "had", "was",
        "is", "reportedly", "again", "publicly", "earlier", "previously", "today", "yesterday",
        "on", "once", "further", "recently", "been", "already", "separately", "openly", "firmly",
        "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "tonight",
        "flatly", "angrily", "quickly", "bluntly", "had", "would", "will", "did", "does", "not"}
PAREN_START = {"who", "which", "whose", "the", "a", "an", "one", "head", "chief", "whom", "himself",
               "herself", "speaking", "writing", "citing", "in", "at", "during", "after"}
INTRO = {"in", "speaking", "asked", "after", "at", "on", "during", "despite", "while", "when",
         "earlier", "later", "meanwhile", "separately", "writing", "addressing", "following"}
ROLE_WORDS = {w for r in ROLE_NOUNS for w in r.split()} | {"aide", "spokesman", "envoy"}
DETERMINERS = {"the", "a", "an", "its", "his", "her", "their", "these", "those", "such", "any",
               "russian", "ukrainian", "american", "'s", "of", "new", "repeated", "latest"}


@dataclass
class Statement:
    speaker: str
    cue: str
    lemma: str
    kind_hint: str
    start: int
    end: int
    sentence: int
    paragraph: int
    pattern: str            # subject | inverted | according | headline | trailing | continuation | nested
    content: tuple[int, int]
    speaker_span: tuple[int, int] | None
    present: bool = False
    quote_start: bool = False
    outer: int | None = None                      # index of the reporting statement (nested)
    nested: list[int] = field(default_factory=list)
    kind: str = "claim"
    quote: bool = False
    confidence: float = 0.9
    chain: int = 0                                # position in a run of cue-less continuations


class SentenceView:
    """Token view of one sentence with its mentions indexed by first and last token."""

    def __init__(self, sent: Sentence, mentions: list[Mention], coref: Coref):
        self.sent = sent
        self.toks = [(t, s + sent.start, e + sent.start) for t, s, e in tokenize(sent.text)]
        self.words = [t for t, _, _ in self.toks]
        self.mask = quote_mask(self.words)
        self.m_end: dict[int, Mention] = {}
        self.m_start: dict[int, Mention] = {}
        start_idx = {s: k for k, (_, s, _) in enumerate(self.toks)}
        end_idx = {e: k for k, (_, _, e) in enumerate(self.toks)}
        for m in mentions:
            if m.start in start_idx and m.end in end_idx and coref.capable(m):
                a, b = start_idx[m.start], end_idx[m.end]
                if b not in self.m_end or self._longer(m, self.m_end[b]):
                    self.m_end[b] = m
                if a not in self.m_start or self._longer(m, self.m_start[a]):
                    self.m_start[a] = m

    @staticmethod
    def _longer(m: Mention, other: Mention) -> bool:
        return (m.end - m.start, m.kind == "capital") > (other.end - other.start, other.kind == "capital")

    def offset(self, i: int) -> int:
        return self.toks[i][1] if i < len(self.toks) else self.sent.end

    def subject(self, cue: Cue) -> tuple[Mention | None, int]:
        """The mention that is the grammatical subject of ``cue`` and its first token, if any."""
        j = cue.i - 1
        while j >= 0:
            m = self.m_end.get(j)
            if m is not None:
                return m, self._first(m)
            w = self.words[j]
            if w.lower() in SKIP:
                j -= 1
                continue
            if w == ",":
                k = max([x for x in range(j) if self.words[x] == ","], default=-1)
                seg = self.words[k + 1:j]
                if seg and seg[0].lower() in PAREN_START and k >= 0:
                    j = k
                    continue
                m = self.m_end.get(j - 1)
                return (m, self._first(m)) if m else (None, -1)
            break
        return None, -1

    def _first(self, m: Mention) -> int:
        return next(k for k, (_, s, _) in enumerate(self.toks) if s == m.start)

    def clause_subject(self, cue: Cue) -> tuple[Mention | None, int]:
        s = 0
        while s < cue.i and self.words[s] in ("But", "And", "Yet", "So", "“"):
            s += 1
        if s < cue.i and self.words[s].lower() in INTRO:
            commas = [x for x in range(s, cue.i) if self.words[x] == ","]
            if not commas:
                return None, -1
            s = commas[0] + 1
        best, k = None, s
        while k < cue.i:
            m = self.m_start.get(k)
            if m is not None:
                best = (m, k)
                k = next(x for x, (_, _, e) in enumerate(self.toks) if e == m.end) + 1
            elif self.words[k] in TITLE_WORDS or self.words[k].lower() in ROLE_WORDS | {"the"}:
                k += 1
            else:
                break
        return best if best else (None, -1)


