"""A small synthetic claim graph whose network metrics were worked out by hand (see the tests)."""

from __future__ import annotations

from rdflib import Graph, Literal, Namespace
from rdflib.namespace import RDF, RDFS, XSD

from claimgraph.graph.contract import materialize

CG = Namespace("https://w3id.org/claimgraph/ontology#")
ID = Namespace("https://w3id.org/claimgraph/id/")
DOC1, DOC2 = ID["document/synthetic-one"], ID["document/synthetic-two"]
A, B, C, D, E, F = (ID[f"person/{x}"] for x in "abcdef")
S = {n: ID[f"statement/s{n}"] for n in range(1, 8)}

# statement: speaker, kind, document, date (predicate, value) or None, links
STATEMENTS = {
    1: (A, "claim", DOC1, (CG.dateSaid, Literal("2025-01-10", datatype=XSD.date)),
        [(CG.about, B)]),
    2: (A, "assessment", DOC1, (CG.dateReported, Literal("2025-02", datatype=XSD.gYearMonth)),
        [(CG.about, B)]),
    3: (B, "claim", DOC1, (CG.dateSaid, Literal("2025-03-01", datatype=XSD.date)),
        [(CG.about, C)]),
    4: (C, "denial", DOC1, None, [(CG.disputes, S[1])]),
    5: (D, "claim", DOC2, None, [(CG.about, E)]),
    6: (E, "assessment", DOC2, None, [(CG.reports, S[7])]),
    7: (F, "announcement", DOC2, None, []),
}


def synthetic_graphs() -> dict[str, Graph]:
    """The two documents' graphs, contract materialized as the loader would."""
    graphs = {str(DOC1): Graph(), str(DOC2): Graph()}
    for doc in (DOC1, DOC2):
        graphs[str(doc)].add((doc, RDF.type, CG.NewsArticle))
    for actor, name in zip((A, B, C, D, E, F), "ABCDEF"):
        doc = DOC1 if name in "ABC" else DOC2
        graphs[str(doc)].add((actor, RDF.type, CG.Person))
        graphs[str(doc)].add((actor, RDFS.label, Literal(f"Person {name}", lang="en")))
    for n, (speaker, kind, doc, date, links) in STATEMENTS.items():
        g, s = graphs[str(doc)], S[n]
        g.add((s, RDF.type, CG.Statement))
        g.add((s, CG.speaker, speaker))
        g.add((s, CG.kind, CG[kind]))
        g.add((s, CG.source, doc))
        g.add((s, RDFS.label, Literal(f"statement {n}")))
        g.add((s, CG.text, Literal(f"Text of statement {n}.")))
        if date:
            g.add((s, *date))
        for p, o in links:
            g.add((s, p, o))
    return {iri: materialize(g) for iri, g in graphs.items()}
