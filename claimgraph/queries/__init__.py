"""claimgraph.queries."""
