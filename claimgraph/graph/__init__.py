"""claimgraph.graph."""
