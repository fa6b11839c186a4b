"""Attribution: who is reported as saying what, in which span.

For each sentence the cues outside quotation marks are found (cues.py) and each gets a speaker:
the subject before it (skipping adverbs, appositives such as ", the head of ...," and relative
clauses), the name after it ("said Trump", "according to Umerov"), or, for coordinated verbs, the
clause subject. Descriptions ("the general"), and pronouns resolve to the most recent compatible
speaker, then mention (coref.py). In one sentence a final attribution (", Kremlin aide Yuri
Ushakov said") outranks an opening one, whose speaker then becomes a nested statement reported by
it; so do named subjects of cues inside the reported content or the quotation ("X says that Y
announced Z"). Quotation sentences without a cue continue the previous quoted speaker; cue-less
sentences after a present-tense cue ("the general says") continue that source's reasoning.
"""

from __future__ import annotations

from .coref import Coref
from .cues import NOUN_AMBIGUOUS, NOUN_CUES, Cue, find_cues
from .entities import TITLE_WORDS, Mention, Recognition
from .gazetteer import Gazetteer
from .segment import Sentence
from .statement import DETERMINERS, ROLE_WORDS, SentenceView, Statement

def attribute(text: str, sentences: list[Sentence], rec: Recognition, gaz: Gazetteer) -> list[Statement]:
    """All statements of the article, in text order, with speakers resolved to entity ids."""
    coref = Coref(rec, gaz)
    out: list[Statement] = []
    by_sentence: dict[int, list[Mention]] = {}
    for m in rec.mentions:
        by_sentence.setdefault(m.sentence, []).append(m)
    last_para_sentence = {s.paragraph: s.index for s in sentences}
    for sent in sentences:
        if sent.role == "heading":
            continue
        view = SentenceView(sent, by_sentence.get(sent.index, []), coref)
        found = _sentence_statements(view, coref, out)
        if not found and sent.role == "body":
            _continuation(view, out, sentences, last_para_sentence)
    return out


def _speaker(view: SentenceView, cue: Cue) -> tuple[Mention | None, int, str]:
    w = view.words
    if cue.lemma == "according to":
        k = cue.j
        while k < len(w) and k - cue.j < 5 and w[k] != "," and k not in view.m_start:
            k += 1
        m = view.m_start.get(k)
        return (m, k, "according") if m else (None, -1, "")
    prev = w[cue.i - 1].lower() if cue.i else ""
    if prev in DETERMINERS or prev == "to":
        return None, -1, ""  # a noun ("the outline of", "Russian claims") or an infinitive
    base = cue.surface.lower() == cue.lemma
    m, first = view.subject(cue)
    if m is not None:
        return m, first, "trailing" if _after_break(view, first) else "subject"
    if prev in ("”", ",", "") and cue.j in view.m_start and cue.lemma not in ("tell",):
        return view.m_start[cue.j], cue.j, "inverted"
    if base or cue.surface.lower() in NOUN_AMBIGUOUS or cue.lemma in ("give until", "set deadline"):
        return None, -1, ""
    m, first = view.clause_subject(cue)
    return (m, first, "subject") if m else (None, -1, "")


def _non_finite(w: list[str], cue: Cue) -> bool:
    """A cue word used as a noun ("the outline of") or infinitive ("to declare"): no report."""
    prev = w[cue.i - 1].lower() if cue.i else ""
    return cue.lemma != "according to" and (prev in DETERMINERS or prev == "to")


def _after_break(view: SentenceView, first: int) -> bool:
    """Whether the subject noun phrase starting near ``first`` follows a comma or closing quote."""
    w = view.words
    k = first
    while k > 0 and (w[k - 1] in TITLE_WORDS or w[k - 1].lower() in ROLE_WORDS
                     or k - 1 in view.m_end):
        k = view._first(view.m_end[k - 1]) if k - 1 in view.m_end else k - 1
    return k > 1 and w[k - 1] in (",", "”")


def _sentence_statements(view: SentenceView, coref: Coref, out: list[Statement]) -> bool:
    sent, w = view.sent, view.words
    cues = find_cues(w)
    outside = [c for c in cues if not c.in_quote and not _non_finite(w, c)]
    cands = []
    for cue in outside:
        m, first, pattern = _speaker(view, cue)
        if m is not None:
            eid = coref.resolve(m, out)
            if eid:
                cands.append((cue, m, first, pattern, eid))
    if sent.role == "headline":
        cands = cands or _headline(view, coref, out)
    if not cands:
        return bool(outside)
    trailing = [c for c in cands if c[3] == "trailing"]
    head = trailing[-1] if trailing else cands[0]
    cue, m, first, pattern, eid = head
    if pattern == "trailing":
        content = (sent.start, view.offset(first))
    elif pattern == "according":
        content = (view.offset(first), sent.end)
    else:
        content = (view.offset(cue.j), sent.end)
    cue_text = cue.surface
    outer = Statement(eid, cue_text, cue.lemma, cue.kind, sent.start, sent.end, sent.index,
                      sent.paragraph, "headline" if sent.role == "headline" else pattern, content,
                      (m.start, m.end), present=cue.present,
                      quote_start=bool(w) and w[0] in ("“", '"'))
    outer.confidence = coref.confidence(m, pattern)
    out.append(outer)
    oi = len(out) - 1
    for c in cands:
        if c is head:
            continue
        if c[4] == eid:
            if c[0].lemma != "according to" and c[0].surface not in outer.cue:
                outer.cue = f"{outer.cue} ... {c[0].surface}"
                if c[0].kind in ("threat", "denial", "demand", "deadline") and outer.kind_hint == "claim":
                    outer.kind_hint = c[0].kind
            continue
        if c[0].lemma == "according to" or coref.is_outlet(c[4]):
            continue  # an outlet relaying the speaker's words
        if c[1].kind in ("name", "capital", "description"):
            _nested(view, out, oi, c[0], c[1], c[2], c[4])
    _inner(view, coref, out, oi, cues)
    return True


def _headline(view: SentenceView, coref: Coref, out: list[Statement]):
    w = view.words
    if ":" in w:
        p = w.index(":")
        m = view.m_end.get(p - 1)
        if m is not None and view._first(m) == 0:
            eid = coref.resolve(m, out)
            cue = Cue(p, p + 1, "headline colon", "claim", ":", False)
            return [(cue, m, 0, "headline", eid)] if eid else []
    if len(w) > 2 and w[-2] in ("—", "–", "-") and len(w) - 1 in view.m_end:
        m = view.m_end[len(w) - 1]
        eid = coref.resolve(m, out)
        if eid and coref.is_outlet(eid):
            cue = Cue(len(w) - 2, len(w) - 1, "headline outlet", "claim", "—", False)
            return [(cue, m, len(w) - 1, "trailing", eid)]
    return []


def _clause_end(view: SentenceView, i: int) -> int:
    w = view.words
    for k in range(i + 1, len(w)):
        if w[k] in (";", "”") or (w[k] == "," and k + 1 < len(w)
                                   and w[k + 1].lower() in ("but", "all", "while", "which", "and", "”")):
            return view.offset(k)
    return view.sent.end if not w or w[-1] not in (".", "”") else view.toks[-1][1] \
        if w[-1] == "." else view.sent.end


def _nested(view: SentenceView, out: list[Statement], oi: int, cue: Cue, m: Mention, first: int, eid: str) -> None:
    start = view.offset(first)
    if any(out[n].speaker == eid and out[n].start == start for n in out[oi].nested):
        return
    end = _clause_end(view, cue.j)
    st = Statement(eid, cue.surface, cue.lemma, cue.kind, start, end, view.sent.index,
                   view.sent.paragraph, "nested", (view.offset(cue.j), end), (m.start, m.end),
                   outer=oi, confidence=0.7)
    out.append(st)
    out[oi].nested.append(len(out) - 1)


def _inner(view: SentenceView, coref: Coref, out: list[Statement], oi: int, cues: list[Cue]) -> None:
    """Named subjects of cues inside the content of statement ``oi`` (and possessive noun cues)."""
    outer = out[oi]
    lo, hi = outer.content
    for cue in cues:
        if not (lo <= view.offset(cue.i) < hi) or cue.lemma in ("according to", "speak about"):
            continue
        m, first = view.subject(cue)
        if m is None:
            continue
        if m.kind == "pronoun" and cue.in_quote:
            eid = coref.other_person(m, outer.speaker)
        elif m.kind in ("name", "capital", "description"):
            eid = coref.resolve(m, out)
        else:
            continue
        if eid and eid != outer.speaker and view.offset(first) >= lo:
            _nested(view, out, oi, cue, m, first, eid)
    for k, word in enumerate(view.words[:-1]):
        if word == "'s" and view.words[k + 1].lower() in NOUN_CUES and k - 1 in view.m_end:
            m = view.m_end[k - 1]
            if lo <= m.start < hi:
                eid = coref.resolve(m, out)
                cue = Cue(k + 1, k + 2, "claim", "claim", view.words[k + 1], False)
                if eid and eid != outer.speaker:
                    _nested(view, out, oi, cue, m, view._first(m), eid)


def _continuation(view: SentenceView, out: list[Statement], sentences: list[Sentence],
                  last_para_sentence: dict[int, int]) -> None:
    roots = [s for s in out if s.outer is None]
    if not roots or roots[-1].sentence != view.sent.index - 1:
        return
    prev = roots[-1]
    w = view.words
    same_para = prev.paragraph == view.sent.paragraph
    if w and w[0] in ("“", '"') and same_para and prev.quote_start | prev.quote:
        cue = f"(continuation of '{prev.cue}')" if not prev.cue.startswith("(") else prev.cue
        out.append(Statement(prev.speaker, cue, prev.lemma, prev.kind_hint, view.sent.start,
                             view.sent.end, view.sent.index, view.sent.paragraph, "continuation",
                             (view.sent.start, view.sent.end), None, quote_start=True, confidence=0.8))
        return
    chain = prev.chain if prev.pattern == "continuation" else 0
    next_para = view.sent.paragraph == prev.paragraph + 1 and last_para_sentence[prev.paragraph] == prev.sentence
    if not prev.present or prev.pattern == "headline" or chain >= 2 or not (same_para or next_para):
        return
    if w and w[0] in ("“", '"'):
        return
    cue = f"(continuation of '{prev.cue}')" if not prev.cue.startswith("(") else prev.cue
    st = Statement(prev.speaker, cue, prev.lemma, prev.kind_hint, view.sent.start, view.sent.end,
                   view.sent.index, view.sent.paragraph, "continuation",
                   (view.sent.start, view.sent.end), None, present=True, confidence=0.6)
    st.chain = chain + 1
    out.append(st)
