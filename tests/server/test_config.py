"""Configuration precedence: defaults < file (TOML/JSON) < CLAIMGRAPH_* environment < explicit."""

from __future__ import annotations

import json

import pytest

from claimgraph.server.config import DEFAULTS, ConfigError, load_config


def test_defaults():
    config = load_config({}, environ={})
    assert config["QUERY_TIMEOUT"] == 30.0 and config["UPDATE_TOKEN"] is None
    assert set(DEFAULTS) >= {"STORE", "QUERY_TIMEOUT", "MAX_RESULTS", "MAX_QUERY_LENGTH",
                             "MAX_BODY", "UPDATE_TOKEN", "SERVICE_ALLOWLIST", "LOAD_ALLOWLIST",
                             "SLOW_QUERY_MS", "CORS"}


def test_precedence(tmp_path):
    toml = tmp_path / "server.toml"
    toml.write_text('[server]\nquery_timeout = 5\nmax_results = 10\ncors = ""\n'
                    'service_allowlist = ["https://query.wikidata.org/"]\n'
                    'reconcile_cache_seconds = 7\n')
    environ = {"CLAIMGRAPH_CONFIG": str(toml), "CLAIMGRAPH_MAX_RESULTS": "20",
               "CLAIMGRAPH_LOAD_ALLOWLIST": "https://a.example/, https://b.example/",
               "CLAIMGRAPH_UNRELATED": "x"}
    config = load_config({"MAX_RESULTS": 30}, environ=environ)
    assert config["QUERY_TIMEOUT"] == 5.0          # file over default
    assert config["MAX_RESULTS"] == 30             # explicit over environment over file
    assert load_config({}, environ=environ)["MAX_RESULTS"] == 20
    assert config["CORS"] == ""
    assert config["SERVICE_ALLOWLIST"] == ["https://query.wikidata.org/"]
    assert config["LOAD_ALLOWLIST"] == ["https://a.example/", "https://b.example/"]
    assert config["RECONCILE_CACHE_SECONDS"] == 7  # other blueprints' settings pass through
    assert "UNRELATED" not in config


def test_json_file_named_explicitly(tmp_path):
    path = tmp_path / "c.json"
    path.write_text(json.dumps({"SLOW_QUERY_MS": 5}))
    assert load_config({"CONFIG": str(path)}, environ={})["SLOW_QUERY_MS"] == 5


@pytest.mark.parametrize("environ,message", [
    ({"CLAIMGRAPH_QUERY_TIMEOUT": "soon"}, "QUERY_TIMEOUT = 'soon' is not a valid float"),
    ({"CLAIMGRAPH_MAX_RESULTS": "-1"}, "MAX_RESULTS"),
    ({"CLAIMGRAPH_SERVICE_ALLOWLIST": "[1, 2]"}, "list of strings"),
])
def test_bad_values_are_named(environ, message):
    with pytest.raises(ConfigError, match="environment") as info:
        load_config({}, environ=environ)
    assert message in str(info.value)


def test_bad_file(tmp_path):
    path = tmp_path / "bad.toml"
    path.write_text("query_timeout = = 3")
    with pytest.raises(ConfigError, match="bad.toml: not valid TOML"):
        load_config({"CONFIG": str(path)}, environ={})


def test_create_app_reads_environment(monkeypatch, store):
    from claimgraph.server.app import create_app

    monkeypatch.setenv("CLAIMGRAPH_MAX_RESULTS", "3")
    app = create_app({"STORE": store})
    response = app.test_client().get("/sparql", query_string={"query": "SELECT * {?s ?p ?o}"})
    assert response.status_code == 422
    app.extensions["claimgraph.sparql"].close()


def test_serve_help(tmp_path):
    from click.testing import CliRunner

    from claimgraph.cli import cli

    result = CliRunner().invoke(cli, ["serve", "--help"])
    assert result.exit_code == 0 and "--workers" in result.output and "gunicorn" in result.output
    result = CliRunner().invoke(cli, ["serve", "--config", str(tmp_path / "missing.toml")])
    assert result.exit_code == 2
