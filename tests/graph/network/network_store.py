"""Loaders for the network tests: the seed annotation and the synthetic graph, and entity IRIs."""

from __future__ import annotations

from claimgraph.graph.store import Store

ID = "https://w3id.org/claimgraph/id/"
MALOMUZH = ID + "person/mykola-malomuzh"
PUTIN = ID + "person/vladimir-putin"
POKROVSK = ID + "city/pokrovsk"


def load_seed(store: Store) -> None:
    from claimgraph.graph.annotation import annotation_to_graph, bundled_annotations

    for path in bundled_annotations():
        iri, graph = annotation_to_graph(path)
        store.replace_graph(iri, graph)


def load_synthetic(store: Store) -> None:
    from network_synthetic import synthetic_graphs

    for iri, graph in synthetic_graphs().items():
        store.replace_graph(iri, graph)
