"""``claimgraph ontology validate|check|reference``."""

from __future__ import annotations

import pytest
from click.testing import CliRunner
from rdflib.namespace import RDF

from claimgraph.cli import cli
from claimgraph.ontology.model import CG

from .conftest import EXAMPLE, iri


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def test_help(runner):
    result = runner.invoke(cli, ["ontology", "--help"])
    assert result.exit_code == 0
    assert "validate" in result.output and "check" in result.output


def test_validate_good_and_bad(runner, tmp_path, example):
    assert runner.invoke(cli, ["ontology", "validate", str(EXAMPLE)]).exit_code == 0
    example.remove((iri("statement/putin-announced-captures"), CG.speaker, None))
    bad = tmp_path / "bad.ttl"
    example.serialize(bad, format="turtle")
    result = runner.invoke(cli, ["ontology", "validate", str(bad)])
    assert result.exit_code == 1
    assert "putin-announced-captures" in result.stdout and "cg:speaker" in result.stdout


def test_validate_refuses_unreadable_rdf_naming_the_file(runner, tmp_path):
    broken = tmp_path / "broken.ttl"
    broken.write_text("this is not turtle .", encoding="utf-8")
    result = runner.invoke(cli, ["ontology", "validate", str(broken)])
    assert result.exit_code != 0
    assert "broken.ttl" in result.stderr and "not readable as turtle" in result.stderr
    assert "Traceback" not in result.output


@pytest.mark.slow
def test_check_inconsistent_file(runner, tmp_path, example):
    example.add((iri("city/pokrovsk"), RDF.type, CG.Person))
    bad = tmp_path / "bad.ttl"
    example.serialize(bad, format="turtle")
    result = runner.invoke(cli, ["ontology", "check", str(bad)])
    assert result.exit_code == 1
    assert "INCONSISTENT" in result.stdout
