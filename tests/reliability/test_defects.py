"""Regression tests for defects the reliability suite found, one test each, smallest input."""

from __future__ import annotations

import pytest

from tests.reliability.support import check_answer


@pytest.mark.parametrize("key", ["queries", "query"])
@pytest.mark.parametrize("method", ["GET", "POST"])
def test_reconcile_deeply_nested_json_is_a_400(client, key, method):
    """json.loads raises RecursionError (not JSONDecodeError) on deep nesting: it was a 500."""
    nested = '{"q0": ' * 5000 + "1" + "}" * 5000
    if method == "GET":
        response = client.get("/reconcile", query_string={key: nested})
    else:
        response = client.post("/reconcile", data={key: nested})
    check_answer(response, what="/reconcile nested JSON")
    assert response.status_code == 400
    assert "nested" in response.get_json()["error"]["detail"]
