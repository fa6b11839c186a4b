"""Fixtures of the reliability suite (see support.py): a canary server, the full app."""

from __future__ import annotations


import pytest

from tests.reliability.support import Canary, close_app, full_app, seeded_store


@pytest.fixture(scope="session")
def canary():
    server = Canary()
    yield server
    server.close()


@pytest.fixture(scope="module")
def store():
    return seeded_store()


@pytest.fixture(scope="module")
def app(store):
    application = full_app(store, QUERY_TIMEOUT=3.0, MAX_BODY=256 * 1024)
    yield application
    close_app(application)


@pytest.fixture
def client(app):
    return app.test_client()
