"""Paragraph and sentence splitting with character offsets.

A paragraph is a line of the article; a line ending in a colon is joined with the short
unpunctuated lines that follow it (a list such as "cities:\\nPokrovsk\\nMyrnohrad\\n...Huliaipole.")
because they complete one sentence. The first line is the headline; other lines without final
punctuation are sub-headings. Sentences end at . ! ? or … followed by space and an upper-case
letter or an opening quote, except after known abbreviations (U.S., Nov., Gen., ...) and initials.
Every span carries ``start``/``end`` offsets into the original text, so ``text[start:end]`` is the
span exactly.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

ABBREVIATIONS = frozenset("""u.s u.k u.n e.u mr mrs ms dr prof gen lt col maj capt sgt st jr sr
jan feb mar apr jun jul aug sep sept oct nov dec no vs etc approx dept gov sen rep d.c""".split())
_CLOSERS = "”’\"')]"
_TERMINALS = ".!?…"
_BOUNDARY = re.compile(r"[.!?…]+[”’\"')\]]*(?=\s+[“‘\"(\[]?[A-Z0-9])")


@dataclass(frozen=True)
class Span:
    """A stretch of the text: ``text == source[start:end]``."""
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Sentence(Span):
    index: int
    paragraph: int
    role: str  # "headline" | "heading" | "body"


@dataclass(frozen=True)
class Paragraph(Span):
    index: int
    role: str


def _ends_sentence(line: str) -> bool:
    return line.rstrip(_CLOSERS + " ").endswith(tuple(_TERMINALS))


def paragraphs(text: str) -> list[Paragraph]:
    """Split ``text`` into paragraphs (lines, with colon-introduced lists joined)."""
    lines: list[tuple[int, int]] = []
    pos = 0
    for raw in text.split("\n"):
        start, end = pos, pos + len(raw)
        pos = end + 1
        stripped = raw.strip()
        if not stripped:
            continue
        start += len(raw) - len(raw.lstrip())
        end -= len(raw) - len(raw.rstrip())
        lines.append((start, end))
    out: list[Paragraph] = []
    i = 0
    while i < len(lines):
        start, end = lines[i]
        if text[start:end].rstrip().endswith(":"):
            j = i + 1
            while j < len(lines) and len(text[lines[j][0]:lines[j][1]].split()) <= 4:
                end = lines[j][1]
                j += 1
                if _ends_sentence(text[lines[j - 1][0]:lines[j - 1][1]]):
                    break
            i = j
        else:
            i += 1
        body = text[start:end]
        role = "headline" if not out else ("body" if _ends_sentence(body) else "heading")
        out.append(Paragraph(start, end, body, len(out), role))
    return out


def _is_abbreviation(text: str, dot: int) -> bool:
    """Whether the period at ``dot`` closes an abbreviation or an initial, not a sentence."""
    m = re.search(r"([A-Za-z.]+)$", text[:dot])
    if not m:
        return False
    word = m.group(1).strip(".").lower()
    return word in ABBREVIATIONS or (len(word) == 1 and word.isalpha())


def sentences(text: str) -> list[Sentence]:
    """Split ``text`` into sentences with offsets, paragraph index and role."""
    out: list[Sentence] = []
    for para in paragraphs(text):
        cut = para.start
        body = para.text
        if para.role != "body":
            out.append(_sentence(text, para.start, para.end, len(out), para))
            continue
        for m in _BOUNDARY.finditer(body):
            dot = m.start()
            if body[dot] == "." and m.end() - dot == 1 and _is_abbreviation(body, dot):
                continue
            if _inside_quote(body[cut - para.start:m.end()]):
                continue  # a multi-sentence quotation is one span under its cue
            end = para.start + m.end()
            out.append(_sentence(text, cut, end, len(out), para))
            cut = end
            while cut < para.end and text[cut].isspace():
                cut += 1
        if cut < para.end:
            out.append(_sentence(text, cut, para.end, len(out), para))
    return out


def _inside_quote(chunk: str) -> bool:
    """Whether a quotation opened in ``chunk`` is still open at its end."""
    return chunk.count("“") > chunk.count("”") or chunk.count('"') % 2 == 1


def _sentence(text: str, start: int, end: int, index: int, para: Paragraph) -> Sentence:
    return Sentence(start, end, text[start:end], index, para.index, para.role)
