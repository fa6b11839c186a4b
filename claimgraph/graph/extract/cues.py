"""Cue lexicon: the verbs and phrases that report speech, and where they occur in a sentence.

Each cue carries the statement kind it suggests by itself (``outlined`` an assessment, ``denied`` a
denial, ``warned`` a threat) and whether it is present tense (the interview style "the general
says", whose cue-less follow-up sentences continue the same source's reasoning). Cues inside
quotation marks are not attributions of the sentence (they belong to the quoted speaker) and are
only used when looking for nested statements.
"""

from __future__ import annotations

from dataclasses import dataclass

# lemma -> (forms, base kind)
_VERBS = {
    "say": ("say says said saying", "claim"), "tell": ("tell tells told telling", "claim"),
    "add": ("add adds added adding", "claim"), "stress": ("stress stresses stressed stressing", "claim"),
    "insist": ("insist insists insisted insisting", "claim"), "claim": ("claim claims claimed claiming", "claim"),
    "warn": ("warn warns warned warning", "threat"), "note": ("note notes noted noting", "claim"),
    "outline": ("outline outlines outlined outlining", "assessment"),
    "believe": ("believe believes believed", "assessment"), "think": ("think thinks thought", "assessment"),
    "predict": ("predict predicts predicted predicting", "prediction"),
    "expect": ("expect expects expected", "prediction"), "forecast": ("forecast forecasts", "prediction"),
    "deny": ("deny denies denied denying", "denial"), "reject": ("reject rejects rejected rejecting", "denial"),
    "dismiss": ("dismiss dismisses dismissed dismissing", "denial"), "refute": ("refute refutes refuted", "denial"),
    "acknowledge": ("acknowledge acknowledges acknowledged acknowledging", "assessment"),
    "admit": ("admit admits admitted admitting", "assessment"), "concede": ("concede concedes conceded", "assessment"),
    "announce": ("announce announces announced announcing", "claim"),
    "report": ("report reports reported reporting", "claim"), "write": ("write writes wrote writing", "claim"),
    "hail": ("hail hails hailed hailing", "assessment"), "accuse": ("accuse accuses accused accusing", "assessment"),
    "argue": ("argue argues argued arguing", "assessment"), "suggest": ("suggest suggests suggested", "other"),
    "confirm": ("confirm confirms confirmed confirming", "claim"), "assert": ("assert asserts asserted", "claim"),
    "state": ("stated", "claim"), "emphasize": ("emphasize emphasizes emphasized emphasise emphasised", "claim"),
    "declare": ("declare declares declared declaring", "claim"), "demand": ("demand demands demanded demanding", "demand"),
    "urge": ("urge urges urged urging", "demand"), "threaten": ("threaten threatens threatened threatening", "threat"),
    "vow": ("vow vows vowed vowing", "threat"), "promise": ("promise promises promised promising", "claim"),
    "assure": ("assure assures assured assuring", "claim"), "explain": ("explain explains explained", "claim"),
    "reiterate": ("reiterate reiterates reiterated", "claim"), "estimate": ("estimate estimates estimated", "claim"),
    "describe": ("describe describes described describing", "assessment"),
    "recall": ("recall recalls recalled", "claim"), "allege": ("allege alleges alleged", "claim"),
}
# multi-word cues: tokens -> (lemma, base kind)
PHRASES = {
    ("points", "to"): ("point to", "assessment"), ("point", "to"): ("point to", "assessment"),
    ("pointed", "to"): ("point to", "assessment"), ("points", "out"): ("point out", "claim"),
    ("pointed", "out"): ("point out", "claim"), ("point", "out"): ("point out", "claim"),
    ("according", "to"): ("according to", "claim"), ("called", "for"): ("call for", "demand"),
    ("calls", "for"): ("call for", "demand"), ("call", "for"): ("call for", "demand"),
    ("set", "deadlines"): ("set deadline", "deadline"), ("set", "a", "deadline"): ("set deadline", "deadline"),
    ("has", "given"): ("give until", "deadline"), ("gave",): ("give until", "deadline"),
    ("ruled", "out"): ("rule out", "denial"), ("rules", "out"): ("rule out", "denial"),
    ("issuing",): ("issue statements", "claim"), ("pushing", "the", "line"): ("push the line", "claim"),
    ("spoke", "about"): ("speak about", "other"),
}
PRESENT = {"says", "tells", "adds", "stresses", "insists", "claims", "warns", "notes", "outlines",
           "believes", "thinks", "predicts", "expects", "argues", "points", "denies", "rejects", "hails"}
NOUN_AMBIGUOUS = {"claims", "claim", "reports", "report", "promises", "demands", "demand", "warning",
                  "estimates", "estimate", "forecast", "state", "note", "notes", "call", "statement"}
NOUN_CUES = {"claim", "claims", "statement", "statements", "assertion", "demand", "demands",
             "threat", "threats", "announcement", "promise", "warning", "ultimatum"}
_BY_FIRST: dict[str, list[tuple[tuple[str, ...], tuple[str, str]]]] = {}
for _p, _v in PHRASES.items():
    _BY_FIRST.setdefault(_p[0], []).append((_p, _v))
FORMS = {f: (lemma, kind) for lemma, (forms, kind) in _VERBS.items() for f in forms.split()}


@dataclass(frozen=True)
class Cue:
    i: int            # first token index in the sentence
    j: int            # one past the last token index
    lemma: str
    kind: str
    surface: str
    in_quote: bool

    @property
    def present(self) -> bool:
        return self.surface.split()[0] in PRESENT


def quote_mask(words: list[str]) -> list[bool]:
    """For each token, whether it lies inside quotation marks (the marks themselves included)."""
    mask, inside = [], False
    for w in words:
        if w in ("“", "‘") or (w == '"' and not inside):
            inside = True
            mask.append(True)
        elif w in ("”", "’") or w == '"':
            mask.append(inside)
            inside = False
        else:
            mask.append(inside)
    return mask


def find_cues(words: list[str]) -> list[Cue]:
    """All cue occurrences among the tokens ``words`` of one sentence."""
    mask = quote_mask(words)
    lower = [w.lower() for w in words]
    out: list[Cue] = []
    i = 0
    while i < len(words):
        hit = None
        for phrase, (lemma, kind) in _BY_FIRST.get(lower[i], ()):
            if tuple(lower[i:i + len(phrase)]) == phrase:
                if lemma == "give until" and "until" not in lower[i:i + 8]:
                    continue
                if lemma == "issue statements" and "statements" not in lower[i:i + 5]:
                    continue
                hit = (len(phrase), lemma, kind)
                break
        if hit is None and lower[i] in FORMS:
            hit = (1, *FORMS[lower[i]])
        if hit:
            n, lemma, kind = hit
            out.append(Cue(i, i + n, lemma, kind, " ".join(words[i:i + n]), mask[i]))
            i += n
        else:
            i += 1
    return out
