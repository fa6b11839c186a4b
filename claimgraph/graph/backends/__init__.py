"""claimgraph.graph.backends."""
