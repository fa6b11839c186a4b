"""Copy chosen facts of linked items into a named graph of their own, marked with their source.

For each entity that a linkset links (``owl:sameAs``) to an item of the endpoint, ``enrich``
fetches the item's coordinates, population, country, region and labels in the chosen languages,
and writes them in our vocabulary so maps and queries use them as they use the article's facts:

- coordinates: ``geo:hasGeometry`` a geometry with ``geo:asWKT "POINT(long lat)"``;
- population: ``gn:population`` (the GeoNames ontology), the value with the latest point in time;
- country, region: ``schema:containedInPlace`` (to our entity for that item when we have one,
  else to the item);
- labels: ``rdfs:label`` with their language tags.

Every entity's copied facts hang off a record (``prov:Entity``) that ``prov:wasDerivedFrom``
the item, and the graph says which activity (endpoint, time) made it. The graph is replaced as a
unit, apart from the article graphs, so it can be told from the article's facts and dropped.
"""

from __future__ import annotations

import datetime as dt

from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, XSD

from claimgraph import __version__
from claimgraph.graph.contract import materialize
from claimgraph.graph.link.candidates import batches
from claimgraph.graph.link.client import SparqlClient
from claimgraph.graph.link.linker import DEFAULT_LINKSET
from claimgraph.graph.link.model import ENRICHMENT_BASE, ID, parse_point, render, values
from claimgraph.graph.store import Store

GEO = Namespace("http://www.opengis.net/ont/geosparql#")
GN = Namespace("http://www.geonames.org/ontology#")
SCHEMA = Namespace("http://schema.org/")
DEFAULT_ENRICHMENT = ENRICHMENT_BASE["wikidata"]
DEFAULT_LANGUAGES = ("uk", "ru")


def linked_items(store: Store, linkset: str, item_prefix: str) -> dict[URIRef, list[URIRef]]:
    """Item -> our entities that the linkset graph links to it."""
    rows = store.query(
        "SELECT ?entity ?item WHERE { GRAPH ?g { ?entity <http://www.w3.org/2002/07/owl#sameAs>"
        " ?item } }", named_graph_uris=[linkset]).rows
    out: dict[URIRef, list[URIRef]] = {}
    for row in rows:
        item, entity = row["item"], row["entity"]
        if isinstance(item, URIRef) and isinstance(entity, URIRef) \
                and str(item).startswith(item_prefix):
            out.setdefault(item, []).append(entity)
    return out


def _population(facts: list[tuple[str, object, object]]) -> Literal | None:
    dated = [(str(date), value) for prop, value, date in facts
             if prop == "population" and date is not None]
    if dated:
        return Literal(int(float(str(max(dated, key=lambda d: d[0])[1]))), datatype=XSD.integer)
    best = [value for prop, value, _ in facts if prop in ("population", "population-best")]
    return Literal(int(float(str(best[0]))), datatype=XSD.integer) if best else None


def enrichment_graph(links: dict[URIRef, list[URIRef]],
                     facts: dict[URIRef, list[tuple[str, object, object]]], *, endpoint: str,
                     started: dt.datetime, ended: dt.datetime,
                     graph_iri: URIRef = DEFAULT_ENRICHMENT) -> Graph:
    """The enrichment graph for ``facts`` (item -> (prop, value, date) rows)."""
    g = Graph()
    g.bind("gn", GN)
    activity = URIRef(f"{graph_iri}#activity")
    g.add((graph_iri, RDF.type, PROV.Entity))
    g.add((graph_iri, DCTERMS.title, Literal(f"Facts copied from {endpoint}", lang="en")))
    g.add((graph_iri, DCTERMS.source, URIRef(endpoint)))
    g.add((graph_iri, PROV.wasGeneratedBy, activity))
    g.add((activity, RDF.type, PROV.Activity))
    g.add((activity, PROV.used, URIRef(endpoint)))
    g.add((activity, PROV.startedAtTime, Literal(started, datatype=XSD.dateTime)))
    g.add((activity, PROV.endedAtTime, Literal(ended, datatype=XSD.dateTime)))
    g.add((activity, PROV.wasAssociatedWith, ID[f"software/claimgraph/{__version__}"]))
    ours = {item: entities[0] for item, entities in links.items()}
    for item, entities in sorted(links.items()):
        rows = facts.get(item, [])
        if not rows:
            continue
        g.add((graph_iri, PROV.wasDerivedFrom, item))
        for entity in entities:
            record = URIRef(f"{entity}#from-{str(item).rsplit('/', 1)[-1]}")
            g.add((record, RDF.type, PROV.Entity))
            g.add((record, DCTERMS.subject, entity))
            g.add((record, PROV.wasDerivedFrom, item))
            g.add((record, PROV.wasGeneratedBy, activity))
            g.add((entity, PROV.wasInfluencedBy, record))
            points = sorted(p for p in (parse_point(str(v)) for k, v, _ in rows
                                        if k == "coordinates") if p)
            if points:
                geometry = URIRef(f"{record}-geometry")
                long, lat = points[0]
                g.add((entity, GEO.hasGeometry, geometry))
                g.add((geometry, RDF.type, GEO.Geometry))
                g.add((geometry, GEO.asWKT, Literal(f"POINT({long:.10g} {lat:.10g})",
                                                    datatype=GEO.wktLiteral)))
                g.add((geometry, PROV.wasDerivedFrom, item))
            population = _population(rows)
            if population is not None:
                g.add((entity, GN.population, population))
            for prop, value, _ in rows:
                if prop in ("country", "region") and isinstance(value, URIRef):
                    g.add((entity, SCHEMA.containedInPlace, ours.get(value, value)))
                elif prop == "label" and isinstance(value, Literal):
                    g.add((entity, RDFS.label, value))
    # with the contract's standard triples, as the loader adds them: a dump loads back unchanged
    return materialize(g)


def enrich_store(store: Store, client: SparqlClient, *, linkset: URIRef = DEFAULT_LINKSET,
                 graph_iri: URIRef = DEFAULT_ENRICHMENT,
                 languages: tuple[str, ...] = DEFAULT_LANGUAGES, batch_size: int = 100,
                 item_prefix: str = "http://www.wikidata.org/entity/",
                 dry_run: bool = False) -> Graph | None:
    """Fetch the facts of every item the linkset links to and replace the enrichment graph
    with them; None, with nothing asked or written, when the linkset links no item (a graph of
    provenance alone would replace the last enrichment with nothing to show for it)."""
    started = dt.datetime.now(dt.timezone.utc).replace(microsecond=0)
    links = linked_items(store, str(linkset), item_prefix)
    if not links:
        return None
    facts: dict[URIRef, list[tuple[str, object, object]]] = {}
    langs = values(Literal(lang) for lang in languages)
    for batch in batches(sorted(links), batch_size):
        for row in client.select(render("enrich", items=values(batch), langs=langs)):
            item = row.get("item")
            if isinstance(item, URIRef) and row.get("value") is not None:
                facts.setdefault(item, []).append((str(row["prop"]), row["value"],
                                                   row.get("date")))
    ended = dt.datetime.now(dt.timezone.utc).replace(microsecond=0)
    graph = enrichment_graph(links, facts, endpoint=client.endpoint, started=started,
                             ended=ended, graph_iri=graph_iri)
    if not dry_run:
        store.replace_graph(str(graph_iri), graph)
    return graph


__all__ = ["enrich_store", "enrichment_graph", "linked_items"]
