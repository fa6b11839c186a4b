"""The served store's data version: cheap, and it changes with the server's write generation."""

from __future__ import annotations


def test_served_store_version_follows_the_write_generation(app):
    from claimgraph.server.store_view import ServedStore
    from claimgraph.server.service import get_service
    with app.app_context():
        served = ServedStore(get_service())
        before = served.data_version()
        assert served.data_version() == before
        get_service().pool.invalidate()
        assert served.data_version() != before
