"""The human-facing web: linked-data pages, graph, timeline and map views (see pages.py)."""
