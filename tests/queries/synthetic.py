"""A second, invented world for the catalog tests, so that no answer is hard-wired to the seed.

Two articles (two named graphs) about invented actors and towns, written as annotation files and
read with the real annotation reader; entities shared by both articles are declared in both, so
that their triples are repeated across graphs as they are in a real store.
"""

from __future__ import annotations

from pathlib import Path

import yaml
from rdflib import URIRef
from rdflib.namespace import OWL

ID = "https://w3id.org/claimgraph/id/"

ACTORS = [
    {"id": "ilsa-varnholt", "type": "Person", "name": "Ilsa Varnholt",
     "aliases": ["Varnholt", "General Varnholt"], "member_of": ["suderia"],
     "roles": [{"kind": "position", "title": "Defence Minister of Suderia",
                "organization": "suderia", "current": False, "start": "2020-01",
                "end": "2028-05"}]},
    {"id": "oskar-dremel", "type": "Person", "name": "Oskar Dremel",
     "aliases": ["Dremel", "Marshal Dremel"],
     "roles": [{"kind": "position", "title": "President of Norland", "organization": "norland",
                "current": True}]},
    {"id": "norland", "type": "State", "name": "Norland", "aliases": ["Norlandic Republic"]},
    {"id": "suderia", "type": "State", "name": "Suderia"},
    {"id": "norland-officials", "type": "ActorGroup", "name": "Norland officials",
     "member_of": ["norland"]},
    {"id": "north-gazette", "type": "MediaOutlet", "name": "North Gazette"},
]
LOCATIONS = [
    {"id": "vester-oblast", "type": "Region", "name": "Vester Oblast", "located_in": "suderia"},
    {"id": "brenvik", "type": "City", "name": "Brenvik", "aliases": ["Brennvík", "Brenwick"],
     "located_in": "vester-oblast", "coordinates": {"lat": 61.5, "long": 12.25}},
    {"id": "talsmark", "type": "City", "name": "Tålsmark", "located_in": "vester-oblast"},
    {"id": "kelda", "type": "City", "name": "Kelda", "located_in": "vester-oblast"},
    {"id": "marnow-west", "type": "City", "name": "Marnow", "located_in": "vester-oblast"},
    {"id": "marnow-east", "type": "City", "name": "Marnow", "located_in": "suderia"},
    {"id": "lonely-isle", "type": "Area", "name": "Lonely Isle"},
]
NEGOTIATIONS = [{
    "id": "lake-talks", "name": "Lake Orun talks", "aliases": ["the lake talks"],
    "parties": ["norland", "suderia"], "status": "ongoing",
    "positions": [{"party": "norland", "goal": "Keep Brenvik."},
                  {"party": "suderia", "goal": "Full withdrawal from Vester Oblast."}]}]
OPERATIONS = [{
    "id": "spring-offensive", "name": "Spring offensive", "conducted_by": "norland",
    "targets": ["brenvik", "talsmark", "kelda"], "aims_to_influence": ["lake-talks"]}]

STATEMENTS_A = [
    {"id": "dremel-took-brenvik", "speaker": "oskar-dremel", "kind": "announcement",
     "date_said": "2031-02-20", "text": "Our forces have taken Brenvik.",
     "about": ["brenvik"], "aims_to_influence": ["lake-talks"],
     "asserts": [{"id": "norland-captured-brenvik", "type": "capture", "party": "norland",
                  "location": "brenvik", "status": "disputed"}]},
    {"id": "varnholt-denies", "speaker": "ilsa-varnholt", "kind": "denial",
     "date_said": "2031-02-25", "text": "Brenvik remains in Suderian hands, whatever Dremel says.",
     "about": ["brenvik", "oskar-dremel"], "disputes": ["dremel-took-brenvik"],
     "evidence_against": ["norland-captured-brenvik"]},
    {"id": "dremel-deadline", "speaker": "oskar-dremel", "kind": "deadline",
     "date_said": "2031-02-10", "text": "Kelda will fall by summer.", "about": ["kelda"],
     "asserts": [{"id": "kelda-deadlines", "type": "deadline", "set_by": "oskar-dremel",
                  "location": "kelda", "objective": "taking Kelda", "count": 3, "failed": 2,
                  "outcome": "pending", "due": "2031-06-01", "status": "asserted"}]},
    {"id": "varnholt-counts", "speaker": "ilsa-varnholt", "kind": "claim",
     "date_said": "2031-02-26", "text": "Dremel has promised Kelda three times.",
     "about": ["oskar-dremel", "kelda"], "reports": ["dremel-deadline"]},
]
STATEMENTS_B = [
    {"id": "officials-threat", "speaker": "norland-officials", "kind": "threat",
     "text": "Norland officials say their army will reach the coast.", "about": ["suderia"]},
    {"id": "varnholt-contradicts", "speaker": "ilsa-varnholt", "kind": "assessment",
     "text": "The coast is far beyond Norland's reach.", "contradicts": ["officials-threat"],
     "about": ["norland"]},
    {"id": "dremel-talks", "speaker": "oskar-dremel", "kind": "claim", "date_said": "2031-04-08",
     "text": "The Lake Orun talks will bring peace.", "about": ["lake-talks"]},
]


def _document(doc_id: str, date: str, statements: list[dict]) -> dict:
    return {
        "format": "claimgraph-annotation/1",
        "document": {"id": doc_id, "type": "NewsArticle", "headline": f"Headline of {doc_id}",
                     "url": f"https://news.example.org/{doc_id}", "publisher": "north-gazette",
                     "language": "en", "date_published": date,
                     "text": "Lead paragraph.\n" + "\n".join(s["text"] for s in statements)},
        "annotator": {"method": "manual", "agent": "test suite"},
        "actors": ACTORS, "locations": LOCATIONS, "negotiations": NEGOTIATIONS,
        "operations": OPERATIONS, "statements": statements,
    }


DOCUMENTS = {"north-gazette-1": ("2031-03-01", STATEMENTS_A),
             "north-gazette-2": ("2031-04-10", STATEMENTS_B)}
EXTERNAL_LINK = "http://kb.example.org/entity/oskar-dremel"


def synthetic_graphs(folder: Path) -> list[tuple[str, object]]:
    """Write the two annotation files into ``folder`` and read them; return (IRI, graph)s."""
    from claimgraph.graph.annotation import annotation_to_graph

    graphs = []
    for doc_id, (date, statements) in DOCUMENTS.items():
        path = folder / f"{doc_id}.yaml"
        path.write_text(yaml.safe_dump(_document(doc_id, date, statements), allow_unicode=True,
                                       sort_keys=False), encoding="utf-8")
        iri, graph = annotation_to_graph(path)
        if doc_id == "north-gazette-1":
            graph.add((URIRef(ID + "person/oskar-dremel"), OWL.sameAs, URIRef(EXTERNAL_LINK)))
        graphs.append((iri, graph))
    return graphs


def statement_text(statement_id: str) -> str:
    for st in STATEMENTS_A + STATEMENTS_B:
        if st["id"] == statement_id:
            return st["text"]
    raise KeyError(statement_id)
