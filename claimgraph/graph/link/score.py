"""Scoring a candidate against one of our entities, with the reasons for the score.

The score starts from how the names matched (our preferred label against theirs is best, an
alias on either side a little less), is refused outright when the candidate's class contradicts
ours (a city is not a person), and is then moved by the context the graph knows:

- places: whether the regions and country the candidate lies in (P131+, P17) include the place
  ours lies in directly (cg:locatedIn, its nearest parent: a Pokrovsk in another oblast of the
  same country does not agree), and how far apart the coordinates are when both have them;
- people: citizenship (P27) against what they are a member of, positions held (P39) against their
  role titles;
- organizations: the country (P17) against what they are a member of; coordinates (P625) on the
  candidate count against it, since an organization is not a place.

Scores are clamped to [0, 1]. The weights are below, in one place, so they can be reviewed.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from rdflib import URIRef

from claimgraph.graph.link.model import Candidate, Entity
from claimgraph.graph.link.names import name_key

NAME_BOTH_PREFERRED = 1.0
NAME_ONE_ALIAS = 0.9
NAME_BOTH_ALIASES = 0.8
UNTYPED = -0.15           # we expect a class and the candidate has none of the known ones
CONTEXT_AGREES = 0.15     # place: lies in the place ours lies in directly
CONTEXT_CONFLICTS = -0.3  # place: lies in places, none of which is our direct parent
PERSON_FACT_AGREES = 0.1  # citizenship, position
PERSON_FACT_CONFLICTS = -0.2
ORG_PLACE_LIKE = -0.2     # an organization candidate that has coordinates
NEAR = 0.15
FAR = -0.4
# Coordinates this close (km) agree; farther than FAR_FACTOR times this, they disagree.
DISTANCE_TOLERANCE_KM = {"City": 15.0, "Area": 50.0, "Region": 150.0, "River": 500.0,
                         "State": 1500.0, "Country": 1500.0}
FAR_FACTOR = 4.0


@dataclass
class Scored:
    """A candidate for an entity, with its score and the reasons for it."""

    entity: Entity
    candidate: Candidate
    score: float
    matched: str
    evidence: list[str] = field(default_factory=list)


def haversine_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle distance in km between two (long, lat) points."""
    lon1, lat1, lon2, lat2 = map(math.radians, (*a, *b))
    h = math.sin((lat2 - lat1) / 2) ** 2 \
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(h)))


def _keys(names: list[str]) -> set[str]:
    return {k for k in (name_key(n) for n in names) if k}


def _name_match(entity: Entity, cand: Candidate) -> tuple[float, str]:
    theirs: dict[str, tuple[bool, str]] = {}
    for label, pref in cand.labels:
        key = name_key(str(label))
        if key and (key not in theirs or pref and not theirs[key][0]):
            theirs[key] = (pref, f"{label}@{label.language}" if label.language else str(label))
    best, how = 0.0, ""
    for name, our_pref in entity.names():
        hit = theirs.get(name_key(name))
        if hit is None:
            continue
        their_pref, shown = hit
        score = NAME_BOTH_PREFERRED if our_pref and their_pref else \
            NAME_ONE_ALIAS if our_pref or their_pref else NAME_BOTH_ALIASES
        if score > best:
            best, how = score, f"name {name!r} = {'label' if their_pref else 'alias'} {shown}"
    return best, how


def _context_labels(cand: Candidate, *props: str) -> tuple[dict[str, URIRef], list[str]]:
    """Name key -> value, and one display label per value (English first)."""
    keys: dict[str, URIRef] = {}
    shown: dict[URIRef, str] = {}
    for prop in props:
        for value, label in cand.context.get(prop, []):
            keys.setdefault(name_key(str(label)), value)
            shown.setdefault(value, str(label))
    return keys, list(shown.values())


def _values(cand: Candidate, *props: str) -> list[URIRef]:
    """The distinct context values, in the order ``_context_labels`` shows them."""
    seen: dict[URIRef, None] = {}
    for prop in props:
        for value, _ in cand.context.get(prop, []):
            seen.setdefault(value)
    return list(seen)


def score_candidate(entity: Entity, cand: Candidate,
                    class_rules: dict[str, frozenset[URIRef]],
                    known_classes: frozenset[URIRef]) -> Scored | None:
    """The scored candidate, or None if it cannot be this entity (no name match, wrong class)."""
    score, matched = _name_match(entity, cand)
    if score == 0.0:
        return None
    evidence = [matched]
    allowed = class_rules.get(entity.cls, frozenset())
    typed = cand.classes & known_classes
    if typed and allowed and not typed & allowed:
        return None
    if typed and not allowed:
        # Nothing is required of this class, but a known class means something else (a city
        # or a human is not an organization or an area).
        return None
    if allowed and not typed:
        score += UNTYPED
        evidence.append(f"no class of {', '.join(sorted(str(c).rsplit('/', 1)[-1] for c in allowed))}"
                        f" ({UNTYPED:+.2f})")
    elif allowed:
        evidence.append("class " + ", ".join(sorted(str(c).rsplit("/", 1)[-1] for c in typed)))

    if entity.kind == "place":
        score += _place_context(entity, cand, evidence)
    elif entity.kind == "person":
        score += _fact(entity.members, cand, ("citizenship",), "citizen of", evidence)
        # People hold many positions: one we do not know of is no evidence against.
        score += _fact(entity.roles, cand, ("position",), "position", evidence, penalize=False)
    else:
        score += _fact(entity.members, cand, ("country",), "country", evidence)
        if cand.point is not None:
            score += ORG_PLACE_LIKE
            evidence.append(f"has coordinates, a place rather than an organization "
                            f"({ORG_PLACE_LIKE:+.2f})")
    return Scored(entity, cand, round(max(0.0, min(1.0, score)), 3), matched, evidence)


def _place_context(entity: Entity, cand: Candidate, evidence: list[str]) -> float:
    delta = 0.0
    ours = _keys(entity.places)
    theirs, shown = _context_labels(cand, "region", "country")
    if ours and theirs:
        common = ours & set(theirs)
        if common:
            delta += CONTEXT_AGREES
            value = theirs[sorted(common)[0]]
            label = next(lab for v, lab in zip(_values(cand, "region", "country"), shown)
                         if v == value)
            evidence.append(f"in {label} ({CONTEXT_AGREES:+.2f})")
        else:
            delta += CONTEXT_CONFLICTS
            evidence.append(f"in {', '.join(shown)}, not in {entity.places[0]} "
                            f"({CONTEXT_CONFLICTS:+.2f})")
    if entity.point and cand.point:
        km = haversine_km(entity.point, cand.point)
        tolerance = DISTANCE_TOLERANCE_KM.get(entity.cls, 50.0)
        if km <= tolerance:
            delta += NEAR
            evidence.append(f"{km:.1f} km apart ({NEAR:+.2f})")
        elif km > FAR_FACTOR * tolerance:
            delta += FAR
            evidence.append(f"{km:.0f} km apart ({FAR:+.2f})")
        else:
            evidence.append(f"{km:.0f} km apart")
    return delta


def _fact(ours_names: list[str], cand: Candidate, props: tuple[str, ...], what: str,
          evidence: list[str], penalize: bool = True) -> float:
    ours = _keys(ours_names)
    theirs, shown = _context_labels(cand, *props)
    if not ours or not theirs:
        return 0.0
    common = ours & set(theirs)
    if common:
        value = theirs[sorted(common)[0]]
        label = next(lab for v, lab in zip(_values(cand, *props), shown) if v == value)
        evidence.append(f"{what} {label} ({PERSON_FACT_AGREES:+.2f})")
        return PERSON_FACT_AGREES
    if not penalize:
        return 0.0
    evidence.append(f"{what} {', '.join(shown)}, not {ours_names[0]} "
                    f"({PERSON_FACT_CONFLICTS:+.2f})")
    return PERSON_FACT_CONFLICTS
