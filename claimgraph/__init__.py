"""claimgraph: a knowledge graph of who said what, about whom and where, in view of which negotiations."""

__version__ = "0.1.0"
