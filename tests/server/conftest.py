"""Fixtures for the web tests: the seeded store, the app and its test client."""

from __future__ import annotations

import pytest

from tests.server.webapp import make_app, seeded_store


@pytest.fixture(scope="session")
def web_store():
    """A memory store loaded with the seed annotation (shared: the web tests only read)."""
    return seeded_store()


@pytest.fixture()
def app(web_store):
    return make_app(web_store)


@pytest.fixture()
def client(app):
    return app.test_client()
