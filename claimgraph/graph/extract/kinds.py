"""Statement kind, quotation flag and stance, from the cue and lexical patterns of the content.

Precedence: deadline > denial > threat > demand > prediction > the cue's own kind > assessment
(evaluative words) > claim. A statement that reports another one takes the reported kind for
demands and denials, and is a claim when it reports deadlines or announcements (the reporter
asserts that they were set or made). ``quote`` is true when the span holds a direct quotation of a
full clause: the sentence opens a quotation, a quotation follows a colon, or the quoted words begin
with a subject and a finite verb ("a peaceful outcome is closer than ever"), not a fragment
("“tremendous progress”", "“wants to end the war”").
"""

from __future__ import annotations

import re

_DEADLINE = re.compile(r"\bdeadlines?\b|\b(?:given|gave|give|has|have)\b[^.]{0,40}\buntil\b|\bultimatum\b", re.I)
_DENIAL = re.compile(
    r"\b(?:is|was) a lie\b|\bfar from the truth\b|\bnot actually\b|\bso-called\b|\bfake\b|"
    r"\b(?:would|will|could|did|does|do|had|has) not (?:accept|agree|recogni[sz]e|cede|allow|give up|withdraw)\b|"
    r"\bnot agreed\b|\bnever (?:recogni[sz]e|accept|agree|been)\b|\bhas never\b|\bnot trade\b|"
    r"\bunacceptable\b|\bruled? out\b|\bnot supported by\b|\bno (?:truth|basis)\b|\bbaseless\b|\bpropaganda\b|"
    r"\bwill not (?:give|surrender)\b|\bdenie[sd]\b|\brejected\b", re.I)
_THREAT = re.compile(r"\bif\b[^.]{0,80}\b(?:will|would|could)\b[^.]{0,60}\b(?:cut|impose|strike|seize|"
                     r"respond|bear the responsibility|pay|destroy|sanctions?)\b|"
                     r"\b(?:have to|must)\b[^.]{0,60}\bor\b[^.]{0,40}\b(?:have to|fight|face)\b|"
                     r"\bbear the responsibility\b|\bwill be destroyed\b", re.I)
_DEMAND = re.compile(r"\bmust\b|\brequires?\b|\bdemand(?:s|ed)?\b|\bcall(?:s|ed)? for\b|\burge[sd]?\b|"
                     r"\bshould\b|\bneeds? to\b|\bwe want\b|\bhas to withdraw\b|\bwithdraw from\b", re.I)
_PREDICTION = re.compile(r"\bwill\b|\bwould (?:now|soon)\b|\bin the (?:weeks|months|days) ahead\b|"
                         r"\bcoming (?:weeks|months|days)\b|\bis possible\b|\bcloser than ever\b|"
                         r"\bvery close\b|\bwould stall\b|\bis preparing\b|\bexpects?\b|\blikely\b", re.I)
_ASSESSMENT = re.compile(r"\b(?:linked|aims? to|trying to|tough|difficult|illusion|progress|good|bad|"
                         r"lacks?|premature|useful|insurmountable|significant|important|political|"
                         r"bluff|weak|strong|endless|sabotage|root causes|real|priority|leverage|"
                         r"cautious|afford|want to show|failure|success(?:ful)?|disaster|"
                         r"show(?:s)? that)\b", re.I)
_QUOTED = re.compile(r"[“\"]([^”\"]+)[”\"]")
_CLAUSE = re.compile(
    r"^(?:I|we|they|he|she|it|this|that|there|you|our|their|his|the \w+|an? \w+(?: \w+)?|"
    r"[A-Z]\w+)\s+(?:\w+\s+)?(?:is|are|was|were|will|would|has|have|had|can|could|do|does|did|"
    r"must|should|want|wants|think|feel|know|doesn't|don't|won't|isn't|aren't|am)\b", re.I)
_KINDS = ("claim", "assessment", "prediction", "denial", "threat", "deadline", "demand", "other")


def classify(content: str, cue_kind: str, nested_kinds: list[str] | None = None) -> str:
    """The statement kind of reported ``content`` under a cue of kind ``cue_kind``."""
    if nested_kinds:
        if cue_kind == "denial" or _DENIAL.search(content):
            return "denial"
        for k in ("demand", "threat", "denial"):
            if k in nested_kinds:
                return k
        return "claim"
    if cue_kind == "deadline" or _DEADLINE.search(content):
        return "deadline"
    if cue_kind == "denial" or _DENIAL.search(content):
        return "denial"
    if cue_kind == "threat" or _THREAT.search(content):
        return "threat"
    if cue_kind == "demand" or _DEMAND.search(content):
        return "demand"
    if cue_kind == "prediction" or _PREDICTION.search(content):
        return "prediction"
    if cue_kind in ("assessment", "other"):
        return cue_kind
    if _ASSESSMENT.search(content):
        return "assessment"
    return "claim" if cue_kind not in _KINDS else cue_kind


def quote_flag(span: str) -> bool:
    """Whether ``span`` contains a direct quotation of at least one full clause."""
    stripped = span.lstrip()
    if stripped[:1] in ("“", '"') and len(stripped.split()) > 3:
        return True
    if re.search(r":\s*[“\"]", span):
        return True
    return any(_CLAUSE.match(q.strip()) for q in _QUOTED.findall(span) if len(q.split()) >= 4)


def stance(kind: str) -> str | None:
    """``disputes`` for a denial (it disputes what it rejects), else None."""
    return "disputes" if kind == "denial" else None
