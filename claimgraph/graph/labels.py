"""Which of a thing's labels is shown: one rule for the pages, the ledger and the queries.

English first, then a label without a language tag, then any other language; among labels of
the same rank the smallest by code point. The SPARQL side of the same rule is the least
``CONCAT(rank, STR(?label))`` (claimgraph/graph/ledger/display-labels.rq and the catalog
queries, docs/queries.md "Labels and lists")."""

from __future__ import annotations


def label_key(language: str | None, text: str) -> tuple[int, str]:
    """The key a label is chosen by, the least winning: (rank of its language, its text)."""
    return (0 if language == "en" else 1 if not language else 2, text)
