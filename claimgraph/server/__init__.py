"""claimgraph.server."""
