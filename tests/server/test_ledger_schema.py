"""The change feed against its own OpenAPI description (schemathesis): whatever parameters the
schema allows, the answer is a documented status with a body of the documented shape, never a
500. Entity names are free text, so a schema-valid name may name nothing: a 400 is expected."""

from __future__ import annotations

import pytest

schemathesis = pytest.importorskip("schemathesis")
from hypothesis import HealthCheck, settings  # noqa: E402
from schemathesis.specs.openapi.checks import positive_data_acceptance  # noqa: E402

from tests.queries.oxistore import seed_store  # noqa: E402
from tests.server.webapp import make_app  # noqa: E402

schema = schemathesis.openapi.from_wsgi("/api/openapi.json", make_app(seed_store()))


@schema.include(path_regex="changes").parametrize()
@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
def test_the_feed_conforms_to_its_schema(case):
    case.call_and_validate(excluded_checks=[positive_data_acceptance])
