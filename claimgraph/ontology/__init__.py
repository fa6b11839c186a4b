"""claimgraph.ontology."""
