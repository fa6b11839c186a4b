"""The generated reference and diagram are complete and up to date; docs/ontology.md's example
triples are those of the tested example graph."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from rdflib import BNode, Graph, URIRef
from rdflib.namespace import OWL, RDF

from claimgraph.ontology.diagram import dot
from claimgraph.ontology.model import CG
from claimgraph.ontology.reference import header, main, markdown, terms

from .conftest import EXAMPLE

DOCS = Path(__file__).parents[2] / "docs"
REGENERATE = "python -m claimgraph.ontology.reference --markdown docs/ontology-reference.md " \
             "--diagram docs/ontology-diagram.svg"


def test_reference_markdown_is_up_to_date(ontology):
    assert (DOCS / "ontology-reference.md").read_text(encoding="utf-8") == markdown(ontology), \
        f"regenerate with: {REGENERATE}"


def test_diagram_source_is_up_to_date(ontology):
    assert (DOCS / "ontology-diagram.dot").read_text(encoding="utf-8") == dot(ontology), \
        f"regenerate with: {REGENERATE}"


def test_diagram_shows_every_class(ontology):
    svg = (DOCS / "ontology-diagram.svg").read_text(encoding="utf-8")
    for cls in ontology.subjects(RDF.type, OWL.Class):
        if isinstance(cls, URIRef) and cls.startswith(str(CG)):
            assert f">{cls[len(CG):]}</text>" in svg, cls


def test_terms_cover_every_cg_term_once(ontology):
    items = terms(ontology)
    described = {URIRef(t["iri"]) for t in items}
    all_terms = {s for s in ontology.subjects() if isinstance(s, URIRef) and s.startswith(str(CG))}
    assert described == all_terms
    anchors = [t["anchor"] for t in items]
    assert len(anchors) == len(set(anchors))
    assert all(t["label"] and t["comment"] for t in items)


def test_terms_carry_domain_range_and_super_terms(ontology):
    by_name = {t["name"]: t for t in terms(ontology)}
    speaker = by_name["speaker"]
    assert speaker["kind"] == "object property"
    assert [r["text"] for r in speaker["domain"]] == ["cg:Statement"]
    assert [r["anchor"] for r in speaker["range"]] == ["Actor"]
    assert {r["text"] for r in speaker["super"]} == {"prov:wasAttributedTo", "schema:author"}
    assert speaker["characteristics"] == ["functional"]
    assert [r["text"] for r in by_name["aimsToInfluence"]["domain"]] == [
        "cg:Statement or cg:MilitaryOperation"]
    statement = by_name["Statement"]
    assert {r["text"] for r in statement["super"]} == {"schema:Claim", "prov:Entity"}
    assert "cg:Quotation" in {r["text"] for r in statement["sub"]}
    assert len(by_name["StatementKind"]["members"]) == 9


def test_every_markdown_link_to_an_anchor_resolves(ontology):
    text = markdown(ontology)
    anchors = set(re.findall(r'<a id="([^"]+)"></a>', text))
    links = set(re.findall(r"\]\(#([^)]+)\)", text))
    assert links and links <= anchors, sorted(links - anchors)


def test_cli_writes_markdown_and_dot(tmp_path):
    assert main(["--markdown", str(tmp_path / "ref.md"), "--diagram", str(tmp_path / "d.dot")]) == 0
    assert (tmp_path / "ref.md").read_text(encoding="utf-8").startswith("# claimgraph ontology")
    assert (tmp_path / "d.dot").read_text(encoding="utf-8").startswith("digraph claimgraph {")


@pytest.mark.skipif(shutil.which("dot") is None, reason="needs Graphviz dot")
def test_cli_renders_svg(tmp_path):
    assert main(["--diagram", str(tmp_path / "d.svg")]) == 0
    assert "<svg" in (tmp_path / "d.svg").read_text(encoding="utf-8")
    assert (tmp_path / "d.dot").exists()


def test_worked_example_in_docs_is_the_tested_example():
    """Each Turtle block of docs/ontology.md parses and holds only triples of the example graph."""
    doc = (DOCS / "ontology.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```turtle\n(.*?)```", doc, flags=re.S)
    assert len(blocks) >= 4
    source = EXAMPLE.read_text(encoding="utf-8")
    prefixes = "\n".join(line for line in source.splitlines() if line.startswith("@prefix"))
    example = Graph().parse(data=source, format="turtle")
    for block in blocks:
        g = Graph().parse(data=prefixes + "\n" + block, format="turtle")
        ground = {t for t in g if not any(isinstance(x, BNode) for x in t)}
        assert ground and ground <= set(example), sorted(ground - set(example))


def test_sparql_example_in_docs_answers_over_the_example():
    doc = (DOCS / "ontology.md").read_text(encoding="utf-8")
    (query,) = re.findall(r"```sparql\n(.*?)```", doc, flags=re.S)
    rows = list(Graph().parse(EXAMPLE).query(query))
    assert [str(r[0]) for r in rows] == [
        "he has already announced the capture of Pokrovsk and Myrnohrad"]


def test_header_for_the_web_page(ontology):
    h = header(ontology)
    assert h["version_iri"] == "https://w3id.org/claimgraph/ontology/0.1.0"
    assert h["prefix"] == "cg" and h["label"] and h["comment"]
