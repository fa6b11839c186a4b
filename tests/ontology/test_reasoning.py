"""HermiT finds the ontology, and the ontology with data, consistent; and catches inconsistencies.

Each test runs HermiT on Java (about a second or two each).
"""

from __future__ import annotations

import shutil

import pytest
from rdflib import Literal
from rdflib.namespace import RDF

from claimgraph.ontology.model import CG
from claimgraph.ontology.reasoning import (STRIPPED_PREDICATES, check_consistency, main,
                                           reasoner_input)

from .conftest import DOC, SEED, iri

pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(shutil.which("java") is None, reason="needs Java for HermiT")]


def test_the_ontology_alone_is_consistent_and_coherent():
    report = check_consistency()
    assert report.consistent, report
    assert report.unsatisfiable_classes == []
    assert report.coherent


def test_ontology_plus_example_data_is_consistent(example):
    assert (DOC, CG.fullText, None) in example
    report = check_consistency(example)
    assert report.coherent, str(report)
    assert report.likely_causes == []


def test_a_person_that_is_a_city_is_inconsistent(example):
    example.add((iri("city/pokrovsk"), RDF.type, CG.Person))
    report = check_consistency(example)
    assert not report.consistent
    assert any("city/pokrovsk" in c and "disjoint" in c and "ontology#Person" in c
               for c in report.likely_causes), report.likely_causes


def test_a_role_both_current_and_former_is_inconsistent(example):
    example.add((iri("role/malomuzh-szru-chief"), CG.isCurrent, Literal(True)))
    report = check_consistency(example)
    assert not report.consistent
    assert any("functional property" in c and "isCurrent" in c for c in report.likely_causes)


def test_a_quotation_that_is_not_a_direct_quote_is_inconsistent(example):
    """cg:Quotation is defined as the statements with cg:isDirectQuote true."""
    example.set((iri("statement/not-actually-happening"), CG.isDirectQuote, Literal(False)))
    assert not check_consistency(example).consistent


def test_a_person_as_a_statements_source_is_inconsistent(example):
    """cg:source ranges over source documents, and actors and documents are disjoint."""
    example.add((iri("statement/putin-announced-captures"), CG.source, iri("person/vladimir-putin")))
    report = check_consistency(example)
    assert not report.consistent
    assert report.likely_causes


def test_a_language_tagged_text_is_inconsistent_with_the_string_range(example):
    """cg:text ranges over xsd:string: a language-tagged text is outside it."""
    statement = iri("statement/putin-announced-captures")
    example.set((statement, CG.text, Literal("he has already announced", lang="en")))
    report = check_consistency(example)
    assert not report.consistent
    assert any("ontology#text" in c and "not in its range" in c for c in report.likely_causes), \
        report.likely_causes


def test_a_language_tagged_goal_is_fine(example):
    """cg:goal and cg:objective are prose: rdf:PlainLiteral admits language tags."""
    position = iri("position/russia-in-talks")
    example.add((iri("negotiation/russia-us-peace-talks"), CG.hasPosition, position))
    example.add((position, RDF.type, CG.NegotiatingPosition))
    example.add((position, CG.heldBy, iri("country/russia")))
    example.add((position, CG.goal, Literal("Enter the talks from a position of force", lang="en")))
    assert check_consistency(example).coherent


def test_unknown_reasoner_is_refused():
    with pytest.raises(ValueError, match="unknown reasoner"):
        check_consistency(reasoner="fact++")


def test_cli_exit_codes(tmp_path, example, capsys):
    good = tmp_path / "good.ttl"
    example.serialize(good, format="turtle")
    assert main([str(good)]) == 0
    assert "consistent" in capsys.readouterr().out
    bad = tmp_path / "bad.ttl"
    example.add((iri("city/pokrovsk"), RDF.type, CG.Person))
    example.serialize(bad, format="turtle")
    assert main([str(bad)]) == 1
    assert "INCONSISTENT" in capsys.readouterr().out


def test_the_seed_annotation_is_consistent():
    """Runs once the lead's annotation module is merged (claimgraph.graph.annotation)."""
    annotation = pytest.importorskip("claimgraph.graph.annotation")
    _, graph = annotation.annotation_to_graph(SEED)
    assert len(graph) > 100
    report = check_consistency(graph)
    assert report.coherent, str(report)


def test_the_seed_graph_is_valid_against_the_shapes():
    """Runs once the lead's annotation module is merged; validates with the contract if
    claimgraph.graph.contract is there too, otherwise the model shapes only."""
    annotation = pytest.importorskip("claimgraph.graph.annotation")
    from claimgraph.ontology.shapes import validate

    _, graph = annotation.annotation_to_graph(SEED)
    try:
        from claimgraph.graph import contract
    except ImportError:
        contract = None
    assert validate(graph, contract=False) == []
    if contract is None or not hasattr(contract, "materialize"):
        pytest.skip("no claimgraph.graph.contract.materialize(graph) yet: contract shapes not run")
    graph = contract.materialize(graph) or graph
    assert validate(graph) == []


def test_the_full_text_does_not_reach_the_reasoner(example):
    fed = reasoner_input(example)
    assert (DOC, CG.fullText, None) not in fed
    assert len(fed) == len(example) - 1
    assert STRIPPED_PREDICATES == {CG.fullText}
