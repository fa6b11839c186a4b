"""Candidate generation: look our entities' names up in the external endpoint, in batches.

Every name and alias of every entity is expanded into its surface variants (``names``), each
variant is asked for in the languages its script suits, and the items found are then described
in three more batched queries: their labels, their classes, and their context (country, regions,
citizenship, positions, coordinates). All queries are .rq templates filled with VALUES blocks of
at most ``batch_size`` members.
"""

from __future__ import annotations

from typing import Iterable, Iterator, TypeVar

from rdflib import Literal, URIRef

from claimgraph.graph.link.client import SparqlClient
from claimgraph.graph.link.model import Candidate, Entity, render, values
from claimgraph.graph.link.names import is_cyrillic, surface_variants

LATIN_LANGUAGES = ("en", "mul")
CYRILLIC_LANGUAGES = ("uk", "ru", "mul")
T = TypeVar("T")


def batches(items: Iterable[T], size: int) -> Iterator[list[T]]:
    """``items`` in lists of at most ``size``."""
    batch: list[T] = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def lookup_literals(name: str, latin_languages: tuple[str, ...] = LATIN_LANGUAGES,
                    cyrillic_languages: tuple[str, ...] = CYRILLIC_LANGUAGES) -> set[Literal]:
    """The language-tagged literals to look ``name`` up by."""
    out = set()
    for form in surface_variants(name):
        for lang in (cyrillic_languages if is_cyrillic(form) else latin_languages):
            out.add(Literal(form, lang=lang))
    return out


class CandidateFinder:
    """Finds and describes candidates for entities at one endpoint."""

    def __init__(self, client: SparqlClient, known_classes: Iterable[URIRef], *,
                 batch_size: int = 100,
                 languages: tuple[str, ...] = ("en", "uk", "ru", "mul")) -> None:
        self.client = client
        self.known_classes = sorted(set(known_classes))
        self.batch_size = batch_size
        self.languages = languages

    def find(self, entities: list[Entity]) -> dict[URIRef, list[Candidate]]:
        """Entity IRI -> its candidates (described), for every entity that has any."""
        wanted: dict[Literal, set[URIRef]] = {}
        for entity in entities:
            for name, _ in entity.names():
                for literal in lookup_literals(name):
                    wanted.setdefault(literal, set()).add(entity.iri)
        found: dict[URIRef, set[URIRef]] = {}
        for batch in batches(sorted(wanted), self.batch_size):
            for row in self.client.select(render("candidates", names=values(batch))):
                item, name = row.get("item"), row.get("name")
                if isinstance(item, URIRef) and name in wanted:
                    for iri in wanted[name]:  # type: ignore[index]
                        found.setdefault(iri, set()).add(item)
        items = sorted(set().union(*found.values())) if found else []
        described = self.describe(items)
        return {iri: [described[i] for i in sorted(its)] for iri, its in found.items()}

    def describe(self, items: list[URIRef]) -> dict[URIRef, Candidate]:
        """Labels, classes, context and coordinates of ``items``."""
        from claimgraph.graph.link.model import parse_point

        out = {item: Candidate(item) for item in items}
        langs = values(Literal(lang) for lang in self.languages)
        for batch in batches(items, self.batch_size):
            ids = values(batch)
            for row in self.client.select(render("labels", items=ids, langs=langs)):
                if row.get("item") in out and isinstance(row.get("label"), Literal):
                    pref = str(row.get("pref")).lower() in ("true", "1")
                    out[row["item"]].labels.append((row["label"], pref))  # type: ignore[index]
            if self.known_classes:
                query = render("types", items=ids, classes=values(self.known_classes))
                for row in self.client.select(query):
                    if row.get("item") in out and isinstance(row.get("class"), URIRef):
                        out[row["item"]].classes.add(row["class"])  # type: ignore[index,arg-type]
            for row in self.client.select(render("context", items=ids, langs=langs)):
                cand = out.get(row.get("item"))  # type: ignore[arg-type]
                prop, value = str(row.get("prop")), row.get("value")
                if cand is None or value is None:
                    continue
                if prop == "coordinates":
                    cand.point = cand.point or parse_point(str(value))
                elif isinstance(value, URIRef) and isinstance(row.get("label"), Literal):
                    cand.context.setdefault(prop, []).append((value, row["label"]))  # type: ignore
        for cand in out.values():
            cand.labels.sort(key=lambda lp: (not lp[1], lp[0].language != "en", str(lp[0])))
            for entries in cand.context.values():
                entries.sort(key=lambda e: (e[1].language != "en", str(e[0]), str(e[1])))
        return out
