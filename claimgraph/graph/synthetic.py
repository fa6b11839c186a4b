"""A deterministic generator of realistic synthetic news graphs, for benchmarks and scale tests.

The graphs use the project's ontology and the interchange contract exactly as the loader writes
them, so every catalog query, projection and page works on them: articles with 3-10 statements,
Zipf-distributed speakers, thousands of places in a place -> region -> country hierarchy,
disputes, supports and reports between statements, deadlines and claims about control, a few
outlets publishing most articles. Each article is one named graph; the entities (actors, places,
negotiations, outlets) live in a named graph of their own, as a gazetteer, which the loader's
shape check reads together with the articles (claimgraph.graph.load). As the loader writes an
annotation, each article also restates the entities it mentions (their asserted types and names,
a city's region): the union of the named graphs then holds a busy speaker's label once per
article that quotes them, which is what a store of loaded articles looks like and what the
catalog queries must not multiply (``restate=False`` gives the gazetteer alone, as before).

Output is N-Quads written as text, which is what the engines load fastest. The same
``(triples, seed)`` always gives byte-identical output.
"""

from __future__ import annotations

import bisect
import datetime
import itertools
import random
from dataclasses import dataclass
from typing import IO, Callable, Iterable, Iterator

ID = "https://w3id.org/claimgraph/id/"
CG = "https://w3id.org/claimgraph/ontology#"
RDF_TYPE = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
RDFS_LABEL = "<http://www.w3.org/2000/01/rdf-schema#label>"
SKOS_ALT = "<http://www.w3.org/2004/02/skos/core#altLabel>"
SKOS_PREF = "<http://www.w3.org/2004/02/skos/core#prefLabel>"
SCHEMA = "http://schema.org/"
PROV = "http://www.w3.org/ns/prov#"
FOAF = "http://xmlns.com/foaf/0.1/"
GEO = "http://www.opengis.net/ont/geosparql#"
OA = "http://www.w3.org/ns/oa#"
XSD = "http://www.w3.org/2001/XMLSchema#"
ENTITY_GRAPH = f"<{ID}document/synthetic-gazetteer>"

KINDS = ["claim", "assessment", "announcement", "prediction", "denial", "threat", "demand",
         "deadline"]
KIND_WEIGHTS = [30, 30, 8, 10, 8, 6, 5, 3]
CUES = ["said", "says", "stressed", "claimed", "told reporters", "noted", "warned", "insisted"]
SYLLABLES = ["ko", "va", "ly", "mir", "pol", "sk", "an", "dre", "ni", "to", "ra", "shev", "bo",
             "lin", "ka", "da", "zhy", "ov", "gor", "len", "ta", "vo", "rin", "se"]
FIRST_NAMES = ["Oleksandr", "Mykola", "Iryna", "Dmitry", "Olena", "Sergei", "Anna", "Viktor",
               "Yulia", "Andriy", "Maria", "Pavlo", "Natalia", "Ivan", "Kateryna", "Roman"]
PERSON_TYPES = [f"<{CG}Person>", f"<{FOAF}Person>", f"<{FOAF}Agent>", f"<{SCHEMA}Person>",
                f"<{CG}Actor>", f"<{PROV}Agent>", f"<{PROV}Person>"]
STATE_TYPES = [f"<{CG}State>", f"<{CG}Country>", f"<{CG}Organization>", f"<{CG}Actor>",
               f"<{CG}Location>", f"<{FOAF}Organization>", f"<{FOAF}Agent>",
               f"<{SCHEMA}Place>", f"<{SCHEMA}Country>", f"<{GEO}Feature>"]
OUTLET_TYPES = [f"<{CG}MediaOutlet>", f"<{CG}Organization>", f"<{CG}Actor>",
                f"<{SCHEMA}NewsMediaOrganization>", f"<{SCHEMA}Organization>",
                f"<{FOAF}Organization>", f"<{FOAF}Agent>", f"<{PROV}Organization>",
                f"<{PROV}Agent>"]
OUTLET_PLACES = ["Kyiv", "Lviv", "Dnipro", "Odesa", "Kharkiv", "Warsaw", "Vilnius", "Riga",
                 "Berlin", "Geneva"]
OUTLET_NAMES = ["Daily", "Herald", "Courier", "Observer", "Wire", "Gazette", "Post", "Monitor",
                "Chronicle", "Dispatch"]
PLACE_TYPES = {"Region": [f"<{CG}Region>", f"<{SCHEMA}AdministrativeArea>"],
               "City": [f"<{CG}City>", f"<{SCHEMA}City>"]}


def _lit(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return f'"{escaped}"'


def _typed(value: object, datatype: str) -> str:
    return f'"{value}"^^<{XSD}{datatype}>'


@dataclass(frozen=True)
class Entity:
    iri: str
    label: str


class _Names:
    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.used: set[str] = set()

    def make(self, syllables: int) -> str:
        # Unique names: after a few collisions, grow the name by a syllable rather than loop.
        for attempt in itertools.count():
            length = syllables + attempt // 8
            name = "".join(self.rng.choice(SYLLABLES) for _ in range(length)).capitalize()
            if name not in self.used:
                self.used.add(name)
                return name
        raise AssertionError("unreachable")


class SyntheticGraph:
    """Plan and write a synthetic graph of about ``triples`` quads."""

    def __init__(self, triples: int, seed: int = 1, restate: bool = True) -> None:
        self.target = triples
        self.restate = restate
        self.rng = random.Random(seed)
        names = _Names(self.rng)
        scale = max(1, triples // 100_000)
        self.states = [Entity(f"{ID}country/{n.lower()}", n)
                       for n in (names.make(2) + "ia" for _ in range(max(4, min(40, 4 * scale))))]
        self.regions = [Entity(f"{ID}region/{n.lower()}-oblast", f"{n} Oblast")
                        for n in (names.make(3) for _ in range(max(20, min(400, 20 * scale))))]
        self.cities = [Entity(f"{ID}city/{n.lower()}", n)
                       for n in (names.make(3) + "sk" for _ in range(max(200, min(8000, 300 * scale))))]
        self.people = [Entity(f"{ID}person/{f.lower()}-{l.lower()}", f"{f} {l}")
                       for f, l in ((self.rng.choice(FIRST_NAMES), names.make(3) + "enko")
                                    for _ in range(max(100, min(20000, 800 * scale))))]
        weights = [1 / (rank + 1) for rank in range(len(self.people))]
        self._speaker_cdf = list(itertools.accumulate(weights))
        self.negotiations = [Entity(f"{ID}negotiation/talks-{i}", f"Talks round {i}")
                             for i in range(max(3, min(50, 3 * scale)))]
        # Named without the random generator, so that adding them left the rest as it was.
        self.outlets = [Entity(f"{ID}organization/outlet-{i}",
                               f"{OUTLET_PLACES[i % 10]} {OUTLET_NAMES[i // 10 % 10]}"
                               + (f" {i // 100 + 1}" if i >= 100 else ""))
                        for i in range(max(5, min(200, 5 * scale)))]
        # what an article restates about an entity it mentions, as the annotation reader writes
        # it (claimgraph.graph.annotation_rdf): its asserted types, names and a city's region;
        # the gazetteer has the rest (the types' superclasses, geometry, memberships)
        self.own_types: dict[str, list[str]] = {}
        self.region_of: dict[str, Entity] = {}
        for entities, types in ((self.states, [f"<{CG}State>", f"<{CG}Country>"]),
                                (self.people, [f"<{CG}Person>"]),
                                (self.outlets, [f"<{CG}MediaOutlet>"]),
                                (self.negotiations, [f"<{CG}Negotiation>"]),
                                (self.regions, [f"<{CG}Region>"]),
                                (self.cities, [f"<{CG}City>"])):
            for entity in entities:
                self.own_types[entity.iri] = types
        for i, city in enumerate(self.cities):
            self.region_of[city.iri] = self.regions[i % len(self.regions)]

    def zipf_speaker(self) -> Entity:
        x = self.rng.random() * self._speaker_cdf[-1]
        return self.people[bisect.bisect_left(self._speaker_cdf, x)]

    def gazetteer(self) -> Iterator[str]:
        g = ENTITY_GRAPH
        for state in self.states:
            for t in STATE_TYPES:
                yield f"<{state.iri}> {RDF_TYPE} {t} {g} .\n"
            yield from self._labelled(state, g)
        for i, region in enumerate(self.regions):
            parent = self.states[i % len(self.states)]
            yield from self._place(region, "Region", parent, None, g)
        for i, city in enumerate(self.cities):
            region = self.regions[i % len(self.regions)]
            state = self.states[(i % len(self.regions)) % len(self.states)]
            yield from self._place(city, "City", region, state, g)
        for person in self.people:
            for t in PERSON_TYPES:
                yield f"<{person.iri}> {RDF_TYPE} {t} {g} .\n"
            yield from self._labelled(person, g)
            yield (f"<{person.iri}> <{CG}memberOf> "
                   f"<{self.rng.choice(self.states).iri}> {g} .\n")
        for talks in self.negotiations:
            for t in (f"<{CG}Negotiation>", f"<{SCHEMA}Event>"):
                yield f"<{talks.iri}> {RDF_TYPE} {t} {g} .\n"
            yield from self._labelled(talks, g)
            for party in self.rng.sample(self.states, 2):
                yield f"<{talks.iri}> <{CG}party> <{party.iri}> {g} .\n"
                yield f"<{talks.iri}> <{SCHEMA}attendee> <{party.iri}> {g} .\n"
        for outlet in self.outlets:
            for t in OUTLET_TYPES:
                yield f"<{outlet.iri}> {RDF_TYPE} {t} {g} .\n"
            yield from self._labelled(outlet, g)

    def _labelled(self, entity: Entity, g: str) -> Iterator[str]:
        label = _lit(entity.label) + "@en"
        yield f"<{entity.iri}> {RDFS_LABEL} {label} {g} .\n"
        yield f"<{entity.iri}> <{SCHEMA}name> {label} {g} .\n"

    def _place(self, place: Entity, kind: str, parent: Entity, grand: Entity | None,
               g: str) -> Iterator[str]:
        for t in PLACE_TYPES[kind] + [f"<{CG}Location>", f"<{SCHEMA}Place>", f"<{GEO}Feature>"]:
            yield f"<{place.iri}> {RDF_TYPE} {t} {g} .\n"
        yield from self._labelled(place, g)
        for ancestor in filter(None, (parent, grand)):
            yield f"<{place.iri}> <{CG}locatedIn> <{ancestor.iri}> {g} .\n"
            yield f"<{place.iri}> <{SCHEMA}containedInPlace> <{ancestor.iri}> {g} .\n"
        lat, long = 44 + self.rng.random() * 8, 22 + self.rng.random() * 18
        geometry = f"<{place.iri}#geometry>"
        yield f"<{place.iri}> <{GEO}hasGeometry> {geometry} {g} .\n"
        yield (f'{geometry} <{GEO}asWKT> "POINT({long:.5f} {lat:.5f})"^^<{GEO}wktLiteral> '
               f"{g} .\n")

    def articles(self) -> Iterator[str]:
        start = datetime.date(2022, 2, 24)
        previous: list[tuple[str, Entity]] = []
        for n in itertools.count(1):
            day = start + datetime.timedelta(days=(n * 7) // 10 % 1400)
            yield from self._article(n, day, previous)
            if len(previous) > 5000:
                del previous[:2500]
            yield ""  # a boundary the writer uses to count progress

    def _article(self, n: int, day: datetime.date, previous: list[tuple[str, Entity]]) -> Iterator[str]:
        doc = f"<{ID}document/synthetic-{n:07d}>"
        g = doc
        date = _typed(day.isoformat(), "date")
        for t in (f"<{CG}NewsArticle>", f"<{CG}SourceDocument>", f"<{SCHEMA}NewsArticle>",
                  f"<{SCHEMA}CreativeWork>", f"<{PROV}Entity>"):
            yield f"{doc} {RDF_TYPE} {t} {g} .\n"
        headline = _lit(f"Report {n}: fighting near {self.rng.choice(self.cities).label}")
        yield f"{doc} <{CG}headline> {headline} {g} .\n"
        yield f"{doc} <{SCHEMA}headline> {headline} {g} .\n"
        yield f"{doc} <{CG}datePublished> {date} {g} .\n"
        yield f"{doc} <{SCHEMA}datePublished> {date} {g} .\n"
        # a few outlets publish most articles (rank r about 1/r of them), without a random draw
        outlet = self.outlets[int((len(self.outlets) + 1) ** ((n * 0.6180339887) % 1)) - 1]
        yield f"{doc} <{CG}publisher> <{outlet.iri}> {g} .\n"
        yield f"{doc} <{SCHEMA}publisher> <{outlet.iri}> {g} .\n"
        mentioned: dict[str, Entity] = {outlet.iri: outlet}  # in order of first mention
        for k in range(self.rng.randint(3, 10)):
            st = f"<{ID}statement/syn{n:07d}s{k}>"
            speaker = self.zipf_speaker()
            kind = self.rng.choices(KINDS, KIND_WEIGHTS)[0]
            city = self.rng.choice(self.cities)
            text = _lit(f"{speaker.label} {self.rng.choice(CUES)} that the situation in "
                        f"{city.label} is a matter of {kind} number {n}-{k}.")
            for t in (f"<{CG}Statement>", f"<{SCHEMA}Claim>", f"<{PROV}Entity>"):
                yield f"{st} {RDF_TYPE} {t} {g} .\n"
            yield f"{st} <{CG}speaker> <{speaker.iri}> {g} .\n"
            yield f"{st} <{PROV}wasAttributedTo> <{speaker.iri}> {g} .\n"
            yield f"{st} <{CG}kind> <{CG}{kind}> {g} .\n"
            yield f"{st} <{CG}text> {text} {g} .\n"
            yield f"{st} <{SCHEMA}text> {text} {g} .\n"
            yield f"{st} <{CG}source> {doc} {g} .\n"
            yield f"{st} <{PROV}wasDerivedFrom> {doc} {g} .\n"
            yield f"{st} <{CG}dateReported> {date} {g} .\n"
            about = [city] + ([self.rng.choice(self.people)] if self.rng.random() < 0.4 else [])
            for target in about:
                yield f"{st} <{CG}about> <{target.iri}> {g} .\n"
                yield f"{st} <{SCHEMA}about> <{target.iri}> {g} .\n"
            if self.rng.random() < 0.2:
                talks = self.rng.choice(self.negotiations)
                mentioned.setdefault(talks.iri, talks)
                yield f"{st} <{CG}aimsToInfluence> <{talks.iri}> {g} .\n"
            if previous and self.rng.random() < 0.25:
                other, _ = self.rng.choice(previous)
                relation = self.rng.choice(["disputes", "disputes", "supports", "reports"])
                inverse = {"disputes": "disputedBy", "supports": "supportedBy",
                           "reports": "reportedBy"}[relation]
                yield f"{st} <{CG}{relation}> {other} {g} .\n"
                yield f"{other} <{CG}{inverse}> {st} {g} .\n"
            if kind in ("announcement", "claim") and self.rng.random() < 0.3:
                claim = f"<{ID}claim/syn-capture-{city.iri.rsplit('/', 1)[1]}>"
                yield f"{claim} {RDF_TYPE} <{CG}ControlClaim> {g} .\n"
                yield f"{claim} <{CG}claimedLocation> <{city.iri}> {g} .\n"
                yield f"{claim} <{CG}claimedParty> <{self.states[0].iri}> {g} .\n"
                mentioned.setdefault(self.states[0].iri, self.states[0])
                yield f"{claim} <{CG}status> <{CG}asserted> {g} .\n"
                yield f"{st} <{CG}asserts> {claim} {g} .\n"
            if kind == "deadline":
                claim = f"<{ID}claim/syn-deadline-{n}-{k}>"
                yield f"{claim} {RDF_TYPE} <{CG}DeadlineClaim> {g} .\n"
                yield f"{claim} <{CG}setBy> <{speaker.iri}> {g} .\n"
                yield f"{claim} <{CG}claimedLocation> <{city.iri}> {g} .\n"
                yield f"{claim} <{CG}deadlineCount> {_typed(self.rng.randint(1, 20), 'integer')} {g} .\n"
                yield f"{claim} <{CG}status> <{CG}asserted> {g} .\n"
                yield f"{st} <{CG}asserts> {claim} {g} .\n"
            previous.append((st, speaker))
            mentioned.setdefault(speaker.iri, speaker)
            for target in about:
                mentioned.setdefault(target.iri, target)
        if self.restate:
            yield from self._restated(mentioned.values(), g)

    def _restated(self, entities: Iterable[Entity], g: str) -> Iterator[str]:
        """The article's own description of the entities it mentions, as an annotation gives it."""
        for entity in entities:
            for t in self.own_types[entity.iri]:
                yield f"<{entity.iri}> {RDF_TYPE} {t} {g} .\n"
            label = _lit(entity.label) + "@en"
            yield f"<{entity.iri}> {RDFS_LABEL} {label} {g} .\n"
            yield f"<{entity.iri}> {SKOS_PREF} {label} {g} .\n"
            region = self.region_of.get(entity.iri)
            if region is not None:
                yield f"<{entity.iri}> <{CG}locatedIn> <{region.iri}> {g} .\n"

    def write(self, out: IO[str], progress: Callable[[int], None] | None = None) -> int:
        """Write the N-Quads to ``out``; return how many quads were written."""
        written = 0
        for line in self.gazetteer():
            out.write(line)
            written += 1
        for line in self.articles():
            if line:
                out.write(line)
                written += 1
                continue
            if progress is not None:
                progress(written)
            if written >= self.target:
                break
        return written
