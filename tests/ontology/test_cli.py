"""``claimgraph ontology validate|check|reference``."""

from __future__ import annotations

import json
import subprocess
import sys

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
    broken.write_text("@prefix ex: <http://example.org/> .\nthis is not turtle .", encoding="utf-8")
    result = runner.invoke(cli, ["ontology", "validate", str(broken)])
    assert result.exit_code == 1
    assert result.stderr.startswith(f"error: {broken}:2: RDF syntax error")  # was a bytes repr
    assert "Traceback" not in result.output and "b'" not in result.stderr


LAUGHS = ('<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaaaaaaaa">'
          + "".join(f'<!ENTITY {n} "{("&" + p + ";") * 10}">' for p, n in zip("abcdefghi", "bcdefghij"))
          + ']><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
          '<rdf:Description rdf:about="urn:x"><rdf:value>&j;</rdf:value></rdf:Description></rdf:RDF>')
INTERNAL_ENTITY = ('<?xml version="1.0"?><!DOCTYPE r [<!ENTITY e "expanded">]>'
                   '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
                   '<rdf:Description rdf:about="urn:x"><rdf:value>&e;</rdf:value>'
                   '</rdf:Description></rdf:RDF>')


@pytest.mark.parametrize("command", [["validate", "--no-contract"], ["check"]], ids=" ".join)
@pytest.mark.parametrize("text", [LAUGHS, INTERNAL_ENTITY], ids=["billion laughs", "entity"])
def test_rdf_xml_with_a_dtd_is_refused_as_load_refuses_it(tmp_path, command, text):
    # plain rdflib expanded the entities: `validate` said "valid", and 1 KB of nested entities
    # ran for minutes; a process of its own, so that a hang fails the test instead of the run
    path = tmp_path / "doc.rdf"
    path.write_text(text, encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "claimgraph", "ontology", *command, str(path)],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 1
    assert done.stderr.startswith(f"error: {path}:1: refused: RDF/XML with a DTD")


@pytest.mark.parametrize("command", [["validate", "--no-contract"], ["check"]], ids=" ".join)
def test_json_ld_contexts_are_not_fetched(runner, tmp_path, command):
    from tests.reliability.support import Canary

    secret = tmp_path / "secret.json"
    secret.write_text('{"@context": {"name": "http://example.org/leaked"}}', encoding="utf-8")
    canary = Canary()
    try:
        for context in (canary.url + "ctx.jsonld", secret.as_uri()):
            path = tmp_path / "doc.jsonld"
            path.write_text(json.dumps({"@context": context, "@id": "http://example.org/a",
                                        "name": "x"}), encoding="utf-8")
            result = runner.invoke(cli, ["ontology", *command, str(path)])
            assert result.exit_code == 1, result.output
            assert "remote contexts" in result.stderr and str(path) in result.stderr
        assert canary.requests == []
    finally:
        canary.close()


def test_an_annotation_file_is_sent_to_claimgraph_validate(runner, tmp_path):
    path = tmp_path / "doc.yaml"
    path.write_text("format: claimgraph-annotation/1\n", encoding="utf-8")
    result = runner.invoke(cli, ["ontology", "validate", str(path)])
    assert result.exit_code == 1 and "check it with `claimgraph validate`" in result.stderr


@pytest.mark.slow
def test_check_inconsistent_file(runner, tmp_path, example):
    example.add((iri("city/pokrovsk"), RDF.type, CG.Person))
    bad = tmp_path / "bad.ttl"
    example.serialize(bad, format="turtle")
    result = runner.invoke(cli, ["ontology", "check", str(bad)])
    assert result.exit_code == 1
    assert "INCONSISTENT" in result.stdout
