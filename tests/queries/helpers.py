"""Ask a named query the same way through Python, the CLI (``claimgraph ask``) or HTTP."""

from __future__ import annotations

import json

from claimgraph.queries import QueryRunner


def serve_url(store, name: str, monkeypatch) -> str:
    """A store URL that the CLI's open_store resolves to ``store`` (see SharedStore)."""
    from claimgraph.graph import store as store_module
    from tests.queries.oxistore import SharedStore

    monkeypatch.setitem(store_module.BACKENDS, "cgtest", "tests.queries.oxistore:SharedStore")
    monkeypatch.setitem(SharedStore.registry, name, store)
    return f"cgtest:{name}"


def make_api_app(store):
    """The real application over ``store``."""
    from claimgraph.server.app import create_app

    return create_app({"STORE": store, "TESTING": True})


class QueryFailed(Exception):
    """The query was refused (a bad parameter); ``detail`` says why."""

    def __init__(self, detail: str, parameter: str | None = None) -> None:
        super().__init__(detail)
        self.detail, self.parameter = detail, parameter


class Asker:
    """Runs a named query through one interface and returns records."""

    def __init__(self, via: str, store, url: str, app) -> None:
        self.via, self.store, self.url, self.app = via, store, url, app

    def __call__(self, name: str, **params) -> list[dict]:
        if self.via == "python":
            from claimgraph.queries import ParameterError
            try:
                return QueryRunner(self.store).run(name, **params)
            except ParameterError as error:
                raise QueryFailed(str(error), error.name) from None
        if self.via == "cli":
            from click.testing import CliRunner

            from claimgraph.cli import cli
            args = ["--store", self.url, "ask", name, "--format", "json"]
            for key, value in params.items():
                args += ["--param", f"{key}={value}"]
            result = CliRunner().invoke(cli, args)
            if result.exit_code == 2:
                raise QueryFailed(result.output)
            assert result.exit_code == 0, result.output
            return json.loads(result.stdout)
        response = self.app.test_client().get(f"/api/queries/{name}", query_string=params)
        if response.status_code == 400:
            error = response.get_json()["error"]
            raise QueryFailed(error["detail"], error.get("parameter"))
        assert response.status_code == 200, response.get_data(as_text=True)
        body = response.get_json()
        assert body["query"] == name
        return body["results"]
