"""The names the network commands offer (projections, metrics, methods, formats).

Kept free of heavy imports so that the command line can build its options without loading
networkx.
"""

PROJECTION_NAMES = ("actors", "actor-location", "statements", "claims", "neighbourhood")
METRICS = ("pagerank", "degree", "in_degree", "out_degree", "strength", "betweenness")
COMMUNITY_METHODS = ("louvain", "label_propagation")
# What rank --role keeps: actors and locations (of any category), or a node category (nodes.py)
ROLES = ("actor", "location", "statement", "claim", "document", "negotiation", "operation",
         "communication", "role")
FORMATS = ("graphml", "gexf", "node-link", "cytoscape", "csv-nodes", "csv-edges")
