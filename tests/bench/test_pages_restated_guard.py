"""The pages' own queries (claimgraph/server/web/sparql) that list statements or rows built
from restated facts take at most BOUND times as long on the seed with its facts in COPIES named
graphs as on the seed once (the approach and helpers of test_restated_guard: the restated
timing in a forked child killed once it is clearly over the bound)."""

from __future__ import annotations

import pytest

from claimgraph.server.web import store_access as sa
from tests.bench.test_restated_guard import BOUND, fastest, fastest_in_child, stores, verdict  # noqa: F401

ID = "https://w3id.org/claimgraph/id/"
PUTIN, MALOMUZH, POKROVSK = (ID + "person/vladimir-putin", ID + "person/mykola-malomuzh",
                             ID + "city/pokrovsk")
DOCUMENT = ID + "document/tsn-2972918-malomuzh-six-axes"
CASES = [("statements-by", {"this": MALOMUZH, "limit": 50, "offset": 0}),
         ("statements-by", {"this": PUTIN, "limit": 50, "offset": 0}),
         ("statements-about", {"this": POKROVSK, "limit": 50, "offset": 0}),
         ("statements-about", {"this": PUTIN, "limit": 50, "offset": 0}),
         ("document-spans", {"this": DOCUMENT, "limit": 5000}),
         ("timeline", {"this": MALOMUZH, "limit": 2000}),
         ("timeline", {"this": POKROVSK, "limit": 2000}),
         ("sources", {"limit": 50})]


def _claim(store) -> str:
    rows = store.query(sa.render("ledger-about", this=POKROVSK, limit=100)).rows
    return sorted(str(r["claim"]) for r in rows)[0]


@pytest.mark.parametrize("name,values", CASES + [("ledger-evidence", None), ("node-facets", None)],
                         ids=lambda v: v if isinstance(v, str) else "")
def test_page_query_time_grows_linearly_with_restatements(stores, name, values):
    once, restated = stores
    if values is None:
        claim = _claim(once)
        values = {"this": claim, "limit": 2000} if name == "ledger-evidence" else \
            {"iris": [claim, MALOMUZH, POKROVSK]}
    text = sa.render(name, **values)
    base = fastest(lambda: once.query(text), cap=1.0)
    many = fastest_in_child(lambda: restated.query(text), cap=BOUND * base)
    assert many <= BOUND * base, verdict(f"page query {name} {values}", many, base)
