"""schemathesis against /api/openapi.json: every documented operation, with generated valid
(positive) and invalid (negative) parameters, over the WSGI app (no network).

The strategies come from schemathesis (``APIOperation.as_strategy``) and run under Hypothesis
here, because schemathesis's pytest plugin does not run under this pytest. Every answer passes
``check_answer`` (no 500, no traceback, errors in the one JSON shape) and schemathesis's checks
that it is no server error and conforms to the document (status code, content type, schema).
"""

from __future__ import annotations

import os

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode, checks

from tests.reliability.support import check_answer, close_app, full_app, seeded_store

EXAMPLES = int(os.environ.get("CLAIMGRAPH_OPENAPI_EXAMPLES", "40"))
CHECKS = [checks.not_a_server_error, checks.status_code_conformance,
          checks.content_type_conformance, checks.response_schema_conformance]


def _paths() -> list[str]:
    from claimgraph.queries.catalog import Catalog
    from claimgraph.server.openapi import openapi_document

    return sorted(openapi_document(Catalog.load())["paths"])


@pytest.fixture(scope="module")
def api_schema():
    application = full_app(seeded_store(), QUERY_TIMEOUT=2.0)
    yield schemathesis.openapi.from_wsgi("/api/openapi.json", application)
    close_app(application)


def _operation(api_schema, path: str):
    for result in api_schema.get_all_operations():
        operation = result.ok()
        if operation.path == path:
            return operation
    raise AssertionError(f"{path} is not in /api/openapi.json")


@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE],
                         ids=["valid", "invalid"])
@pytest.mark.parametrize("path", _paths())
def test_openapi_operation(api_schema, path, mode):
    operation = _operation(api_schema, path)
    if mode is GenerationMode.NEGATIVE and not operation.query:
        pytest.skip("no parameters to make invalid")
    sent = [0]

    @settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
              suppress_health_check=list(HealthCheck))
    @given(operation.as_strategy(generation_mode=mode))
    def run(case):
        sent[0] += 1
        response = case.call()
        check_answer(response, what=f"{case.method} {case.formatted_path} {case.query!r:.200}")
        case.validate_response(response, checks=CHECKS)

    run()
    assert sent[0] > 0
