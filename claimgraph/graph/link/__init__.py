"""Linking claimgraph's actors and places with external datasets, both ways.

Out: ``linker`` reconciles our entities with a Wikidata-shaped SPARQL endpoint (``candidates``
finds items by name through ``names`` variants and the polite ``client``; ``score`` ranks them)
and writes ``owl:sameAs`` links with scores and provenance as a linkset graph; ``enrich`` copies
chosen facts of linked items into a graph of their own. In: ``reconcile`` matches names against
our graph for the W3C Reconciliation API served at /reconcile; ``void`` describes a dump.
"""
