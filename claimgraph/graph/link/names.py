"""Names for matching: a comparison key that survives spelling variants, and the surface forms to ask for.

Place and person names from Ukraine and Russia reach English text in several romanizations
(Kupiansk/Kupyansk/Kupjansk, Huliaipole/Hulyaipole/Huliai-Pole/Guljaj-Pole, Zelensky/Zelenskyy/
Zelenskiy) and in Cyrillic, with assorted apostrophes for the soft sign and the Ukrainian
apostrophe. Two tools handle them:

- ``name_key`` folds a name to a key that those variants share (Cyrillic transliterated with the
  table below, accents stripped, case folded, apostrophes dropped, y/j/i and g/h merged, doubled
  letters collapsed), so that two names can be compared however they were spelled;
- ``surface_variants`` lists the spellings worth looking up in an endpoint that only matches
  labels exactly (as Wikidata's label index does): the name, its apostrophe variants, its i/y
  alternations, and for a Cyrillic name its Ukrainian and Russian romanizations.
"""

from __future__ import annotations

import itertools
import re
import unicodedata

# Ukrainian: the national (KMU 2010) system, without its word-initial special cases (the key
# folds those differences anyway). Russian: BGN/PCGN, simplified the same way.
_COMMON = {
    "а": "a", "б": "b", "в": "v", "д": "d", "е": "e", "ж": "zh", "з": "z", "к": "k", "л": "l",
    "м": "m", "н": "n", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f",
    "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch", "ь": "", "ъ": "",
}
UK_TABLE = {**_COMMON, "г": "h", "ґ": "g", "и": "y", "і": "i", "ї": "i", "й": "i", "є": "ie",
            "ю": "iu", "я": "ia", "ё": "io", "ы": "y", "э": "e"}
RU_TABLE = {**_COMMON, "г": "g", "ґ": "g", "и": "i", "і": "i", "ї": "yi", "й": "y", "є": "ye",
            "ю": "yu", "я": "ya", "ё": "yo", "ы": "y", "э": "e"}

APOSTROPHES = "'’ʼ‘`´ʹ"
_CYRILLIC = re.compile(r"[\u0400-\u04FF]")
_APOSTROPHE_RE = re.compile(f"[{APOSTROPHES}]")
_DOUBLED = re.compile(r"(zh|kh|ch|sh|ts|[a-z])\1+")
_ALTERNATIONS = {"ia": "ya", "ya": "ia", "iu": "yu", "yu": "iu", "ie": "ye", "ye": "ie",
                 "ai": "ay", "ay": "ai", "iy": "yi", "yi": "iy", "ii": "iy"}
_ALTERNATION_RE = re.compile("|".join(sorted(_ALTERNATIONS, key=len, reverse=True)), re.I)
MAX_ALTERNATION_SITES = 5


def is_cyrillic(text: str) -> bool:
    """Whether the text has any Cyrillic letter."""
    return bool(_CYRILLIC.search(text))


def transliterate(text: str, table: dict[str, str] = UK_TABLE) -> str:
    """Cyrillic letters romanized with ``table`` (UK_TABLE or RU_TABLE), keeping capitals."""
    out = []
    for ch in text:
        low = ch.lower()
        if low in table:
            latin = table[low]
            out.append(latin.capitalize() if ch != low and latin else latin)
        else:
            out.append(ch)
    return "".join(out)


def _strip_accents(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def name_key(name: str) -> str:
    """The comparison key of a name; two spellings of one name usually share it."""
    text = unicodedata.normalize("NFKC", name)
    text = transliterate(text, UK_TABLE)
    text = _strip_accents(text).casefold()
    text = _APOSTROPHE_RE.sub("", text)
    text = re.sub(r"(?<=\w)-(?=\w)", "", text)
    text = re.sub(r"[^\w\s]", " ", text)
    text = re.sub(r"^the\s+", "", text.strip())
    text = text.translate(str.maketrans({"y": "i", "j": "i", "g": "h"}))
    text = _DOUBLED.sub(r"\1", text)
    return " ".join(text.split())


def _alternations(name: str) -> set[str]:
    sites = list(_ALTERNATION_RE.finditer(name))[:MAX_ALTERNATION_SITES]
    if not sites:
        return {name}
    out = set()
    for choice in itertools.product((False, True), repeat=len(sites)):
        parts, last = [], 0
        for flip, m in zip(choice, sites):
            parts.append(name[last:m.start()])
            found = m.group(0)
            if flip:
                alt = _ALTERNATIONS[found.lower()]
                found = alt.capitalize() if found[0].isupper() else alt
            parts.append(found)
            last = m.end()
        parts.append(name[last:])
        out.add("".join(parts))
    return out


def surface_variants(name: str) -> set[str]:
    """Spellings of ``name`` worth looking up by exact label (including ``name`` itself)."""
    name = " ".join(unicodedata.normalize("NFC", name).split())
    forms = {name}
    if _APOSTROPHE_RE.search(name):
        forms |= {_APOSTROPHE_RE.sub(a, name) for a in ("'", "’", "")}
    if is_cyrillic(name):
        latin = {transliterate(f, table) for f in forms for table in (UK_TABLE, RU_TABLE)}
        forms |= set(itertools.chain.from_iterable(_alternations(f) for f in latin))
    else:
        forms |= set(itertools.chain.from_iterable(_alternations(f) for f in list(forms)))
    if name.lower().startswith("the ") and len(name) > 4:
        forms.add(name[4:])
    return {f for f in forms if f.strip()}
