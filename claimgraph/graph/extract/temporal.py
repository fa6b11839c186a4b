"""Dates and counts: time expressions resolved against the publication date, numbers kept as numbers.

"on Sunday" in a report is the last Sunday up to the publication day; "until Thursday", "by
Thursday", "next week" look forward. Month-day dates ("Nov. 27", "27 November") take the year
that puts them nearest the publication date; "by Christmas", "by February", "the end of the year"
resolve to the matching day (the first of the month for a month). Counts ("16 times", "three
times") are returned as integers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
MONTHS = {m: i + 1 for i, m in enumerate(["january", "february", "march", "april", "may", "june", "july",
                                           "august", "september", "october", "november", "december"])}
MONTHS.update({"jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9,
               "sept": 9, "oct": 10, "nov": 11, "dec": 12})
NUMBERS = {w: i for i, w in enumerate("zero one two three four five six seven eight nine ten eleven "
                                       "twelve thirteen fourteen fifteen sixteen seventeen eighteen "
                                       "nineteen twenty".split())}
_FORWARD = {"until", "by", "before", "next", "from", "till", "after"}
_MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"
_DATE_RE = re.compile(
    r"\b(?P<prep>on|until|by|before|next|last|this|from|till|after)?\s*(?:"
    r"(?P<wd>monday|tuesday|wednesday|thursday|friday|saturday|sunday)|"
    r"(?P<md>" + _MONTH + r"\s+\d{1,2})(?:,?\s+(?P<y1>\d{4}))?|"
    r"(?P<dm>\d{1,2}\s+" + _MONTH + r")(?:,?\s+(?P<y2>\d{4}))?|"
    r"(?P<hol>christmas|new year|thanksgiving)|(?P<rel>today|yesterday|tomorrow|week|the end of the year)|"
    r"(?P<mon>january|february|march|april|june|july|august|september|october|november|december))\b",
    re.I)
_COUNT_RE = re.compile(r"\b(?P<n>\d[\d,]*|" + "|".join(NUMBERS) + r")\s+times\b", re.I)


@dataclass(frozen=True)
class TimeRef:
    text: str
    start: int
    end: int
    date: date | None
    forward: bool


def _month_day(s: str) -> tuple[int, int] | None:
    parts = s.replace(".", " ").replace(",", " ").split()
    if parts[0].isdigit():
        parts = parts[::-1]
    month = MONTHS.get(parts[0].lower()[:4].rstrip(".")) or MONTHS.get(parts[0].lower()[:3])
    return (month, int(parts[1])) if month and parts[1].isdigit() else None


def _nearest_year(month: int, day: int, pub: date, forward: bool) -> date | None:
    try:
        cands = [date(pub.year + k, month, day) for k in (-1, 0, 1)]
    except ValueError:
        return None
    if forward:
        after = [c for c in cands if c >= pub]
        return min(after) if after else None
    return min(cands, key=lambda c: abs((c - pub).days))


def resolve(text: str, pub: date | None, offset: int = 0) -> list[TimeRef]:
    """The time expressions of ``text`` with their dates (None when ``pub`` is unknown)."""
    out = []
    for m in _DATE_RE.finditer(text):
        prep = (m.group("prep") or "").lower()
        forward = prep in _FORWARD
        d = None
        if pub is not None:
            d = _resolve_one(m, prep, forward, pub)
        if m.group("rel") and m.group("rel").lower() == "week" and prep not in ("next", "last", "this"):
            continue
        out.append(TimeRef(m.group().strip(), offset + m.start() + (len(m.group()) - len(m.group().lstrip())),
                           offset + m.end(), d, forward))
    return out


def _resolve_one(m: re.Match, prep: str, forward: bool, pub: date) -> date | None:
    if m.group("wd"):
        target = WEEKDAYS.index(m.group("wd").lower())
        delta = (target - pub.weekday()) % 7
        if forward or prep == "next":
            return pub + timedelta(days=delta or 7) if prep == "next" or delta else pub
        return pub - timedelta(days=(pub.weekday() - target) % 7)
    if m.group("md") or m.group("dm"):
        md = _month_day(m.group("md") or m.group("dm"))
        year = m.group("y1") or m.group("y2")
        if md is None:
            return None
        return date(int(year), *md) if year else _nearest_year(*md, pub, forward)
    if m.group("hol"):
        hol = m.group("hol").lower()
        if hol == "christmas":
            return _nearest_year(12, 25, pub, True)
        if hol == "new year":
            return date(pub.year + 1, 1, 1)
        return None
    rel = (m.group("rel") or "").lower()
    if rel == "today":
        return pub
    if rel == "yesterday":
        return pub - timedelta(days=1)
    if rel == "tomorrow":
        return pub + timedelta(days=1)
    if rel == "week":
        monday = pub - timedelta(days=pub.weekday())
        return monday + timedelta(days={"next": 7, "last": -7}.get(prep, 0))
    if rel == "the end of the year":
        return date(pub.year, 12, 31)
    if m.group("mon"):
        month = MONTHS[m.group("mon").lower()]
        year = pub.year + (1 if forward and month < pub.month else 0)
        return date(year, month, 1)
    return None


def counts(text: str) -> list[int]:
    """Repetition counts in ``text`` ("16 times" -> 16, "three times" -> 3)."""
    out = []
    for m in _COUNT_RE.finditer(text):
        n = m.group("n").lower().replace(",", "")
        out.append(int(n) if n.isdigit() else NUMBERS[n])
    return out
