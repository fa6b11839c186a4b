"""The catalog files, their header format, parameter checks and the generated documentation."""

from __future__ import annotations

from pathlib import Path

import pytest

from claimgraph.queries import Catalog, CatalogError, ParameterError, QueryRunner
from claimgraph.queries.catalog import parse_query_file
from claimgraph.queries.docs import markdown
from claimgraph.queries.params import PARAM_TYPES, render

ISSUE_NAMES = {"statements-by", "statements-about", "disputes", "claims-about-location",
               "deadlines", "targets", "negotiations", "actor-network", "path", "timeline",
               "sources", "roles", "external-links", "locations", "contradictions"}
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def catalog():
    return Catalog.load()


def test_catalog_has_every_name_of_the_issue(catalog):
    assert ISSUE_NAMES <= set(catalog.names())


def test_every_query_is_documented(catalog):
    for q in catalog.list():
        assert q.title and q.description and q.columns, q.name
        for p in q.params:
            assert p.type in PARAM_TYPES and p.doc, (q.name, p.name)
            assert p.name != "format", "format is reserved by the HTTP API"


def test_every_example_runs_on_the_seed_and_gives_the_declared_columns(catalog, seed):
    runner = QueryRunner(seed, catalog)
    for q in catalog.list():
        answer = runner.execute(q.name, q.example)
        assert answer.result.variables == list(q.columns), q.name
        assert answer.records(), f"{q.name} example gives no rows on the seed"


def test_docs_file_is_generated_from_the_catalog(catalog):
    committed = (ROOT / "docs" / "queries.md").read_text(encoding="utf-8")
    assert committed == markdown(catalog), \
        "docs/queries.md is stale: python -m claimgraph.queries.docs > docs/queries.md"
    for q in catalog.list():
        assert f"## {q.name}\n" in committed
        for p in q.params:
            assert f"| `{p.name}` |" in committed


GOOD = """#+ title: T
#+ description: D
#+ param: actor (actor, required) — who
#+ param: n (integer, default 3) — how many
#+ columns: a, b
#+ example: actor=X
SELECT * WHERE {
  #@ bind actor
  #@ bind n ?limit
}
"""


def test_header_is_parsed():
    q = parse_query_file("good", GOOD)
    assert (q.title, q.columns, q.example) == ("T", ("a", "b"), {"actor": "X"})
    assert [(p.name, p.type, p.required, p.default) for p in q.params] == [
        ("actor", "actor", True, None), ("n", "integer", False, "3")]
    assert q.binds == {"actor": {"actor"}, "n": {"limit"}}


@pytest.mark.parametrize("broken, message", [
    (GOOD.replace("#+ title: T\n", ""), "missing '#\\+ title:'"),
    (GOOD.replace("(actor, required)", "(person, required)"), "unknown parameter type"),
    (GOOD.replace("(actor, required)", "(actor required)"), "line 3"),
    (GOOD.replace("  #@ bind actor\n", ""), "never bound"),
    (GOOD.replace("#@ bind n ?limit", "#@ bind m"), "names no declared parameter"),
    (GOOD.replace("#@ bind n ?limit", "#@ bind n } DROP ALL"), "line 9"),
    (GOOD.replace("actor=X", "who=X"), "example"),
    (GOOD.replace("#+ columns", "#+ colums"), "unknown header key"),
])
def test_malformed_headers_are_refused(broken, message):
    with pytest.raises(CatalogError, match=message):
        parse_query_file("broken", broken)


def test_render_binds_values_and_drops_unbound_markers():
    from rdflib import Literal, URIRef
    text = render(GOOD, {"actor": URIRef("http://example.org/a")})
    assert "VALUES ?actor { <http://example.org/a> }" in text
    assert "?limit" not in text and "#+" not in text
    text = render(GOOD, {"actor": URIRef("http://example.org/a"), "n": Literal(3)})
    assert 'VALUES ?limit { "3"^^<http://www.w3.org/2001/XMLSchema#integer> }' in text


def test_parameter_checks(seed):
    runner = QueryRunner(seed)
    cases = [
        ("statements-by", {}, "actor", "required"),
        ("statements-by", {"actor": "  "}, "actor", "required"),
        ("statements-by", {"actor": "Putin", "color": "red"}, "color", "not a parameter"),
        ("actor-network", {"min_weight": "many"}, "min_weight", "integer"),
        ("timeline", {"from": "yesterday"}, "from", "date"),
        ("timeline", {"to": "2025-13-01"}, "to", "date"),
        ("path", {"from": "Putin", "to": "Malomuzh", "max_hops": "0"}, "max_hops", "between"),
        ("statements-by", {"actor": "Pokrovsk"}, "actor", "no actor named"),
        ("sources", {"statement": "Nobody said this"}, "statement", "no statement named"),
        ("sources", {"statement": "Putin"}, "statement", "ambiguous"),   # several texts
        ("statements-by", {"actor": "http://example.org/a b"}, "actor", "not a valid IRI"),
        # beyond 64-bit integers the store's parser refused the LIMIT with its own words
        ("statements-by", {"actor": "Putin", "limit": "99999999999999999999999"}, "limit",
         "99999999999999999999999 is out of range: expected at most 1,000,000,000,000"),
        ("statements-by", {"actor": "Putin", "offset": "99999999999999999999999"}, "offset",
         "out of range"),
        ("actor-network", {"min_weight": "-99999999999999999999999"}, "min_weight",
         "expected at least -1,000,000,000,000"),
    ]
    for name, params, parameter, reason in cases:
        with pytest.raises(ParameterError) as error:
            runner.execute(name, params)
        assert error.value.name == parameter, (name, params)
        assert reason in str(error.value), (name, params, str(error.value))


def test_unknown_query_lists_the_catalog(seed):
    from claimgraph.queries import UnknownQueryError
    with pytest.raises(UnknownQueryError) as error:
        QueryRunner(seed).execute("who-won")
    assert "statements-by" in str(error.value)


def test_defaults_apply(seed):
    answer = QueryRunner(seed).execute("actor-network", {})
    assert answer.params == {"min_weight": 1, "limit": 100, "offset": 0}
    answer = QueryRunner(seed).execute("path", {"from_": "Malomuzh", "to": "Putin"})
    assert answer.params["max_hops"] == 6


def test_limit_marker_renders_a_limit_from_the_integer_only():
    from rdflib import Literal
    from claimgraph.queries.params import ParameterError as PE
    text = GOOD.replace("}\n", "}\n#@ limit n\n")
    assert parse_query_file("limited", text).binds["n"] == {"limit"}
    assert "LIMIT 7" in render(text, {"n": Literal(7)})
    assert "LIMIT" not in render(text, {"n": Literal(0)}) and "LIMIT" not in render(text, {})
    with pytest.raises(PE, match="positive"):
        render(text, {"n": Literal(-1)})
    with pytest.raises(CatalogError, match="integer parameter"):
        parse_query_file("bad", text.replace("#@ limit n", "#@ limit actor"))


def test_offset_marker_renders_an_offset_from_the_integer_only():
    from rdflib import Literal
    from claimgraph.queries.params import ParameterError as PE
    text = GOOD.replace("}\n", "}\n#@ limit n\n#@ offset n\n")
    assert "LIMIT 5\nOFFSET 5" in render(text, {"n": Literal(5)})
    assert "OFFSET" not in render(text, {"n": Literal(0)})
    with pytest.raises(PE, match="positive"):
        render(text, {"n": Literal(-2)})
    with pytest.raises(CatalogError, match="'#@ offset actor' needs a declared integer"):
        parse_query_file("bad", text.replace("#@ offset n", "#@ offset actor"))


def test_actor_network_limit_keeps_the_heaviest_links(seed):
    runner = QueryRunner(seed)
    every = runner.run("actor-network", limit=0)
    assert runner.run("actor-network") == every      # the seed has fewer than 100 links
    assert runner.run("actor-network", limit=3) == every[:3]


def test_absent_marker_binds_a_flag_only_when_the_parameter_has_no_value():
    from rdflib import Literal
    text = GOOD.replace("}\n", "}\n  #@ absent n ?no_n\n")
    parse_query_file("absent", text)
    assert "  VALUES ?no_n { true }" in render(text, {})
    assert "no_n" not in render(text, {"n": Literal(3)})
    with pytest.raises(CatalogError, match="'#@ absent m' names no declared parameter"):
        parse_query_file("bad", text.replace("#@ absent n", "#@ absent m"))
    with pytest.raises(CatalogError, match="expected '#@ bind NAME"):
        parse_query_file("bad", text.replace("#@ absent n ?no_n", "#@ absent n"))


def with_skip(tail: str) -> str:
    """GOOD with a second integer parameter, ``skip``, and ``tail`` after its bind marker."""
    return GOOD.replace("#+ param: n (integer, default 3) — how many\n",
                        "#+ param: n (integer, default 3) — how many\n"
                        "#+ param: skip (integer, default 0) — offset\n").replace(
        "}\n", "  #@ bind skip ?s\n" + tail)


def test_first_marker_lists_the_positions_up_to_the_page():
    from rdflib import Literal
    text = with_skip("  #@ first ?pos skip n\n  ?x <urn:order> ?pos\n}\n")
    parse_query_file("first", text)
    assert "  VALUES ?pos { 0 1 2 }" in render(text, {"n": Literal(3), "skip": Literal(0)})
    assert "  VALUES ?pos { 0 1 2 3 4 }" in render(text, {"n": Literal(2), "skip": Literal(3)})
    every = render(text, {"n": Literal(0), "skip": Literal(5)})  # limit 0: every row
    assert "VALUES ?pos" not in every and "FILTER(?pos" not in every
    assert "  FILTER(?pos < 10001)" in render(text, {"n": Literal(1), "skip": Literal(10_000)})
    with pytest.raises(ParameterError, match="skip"):
        render(text, {"n": Literal(3), "skip": Literal(-1)})
    with pytest.raises(CatalogError, match="'#@ first other' needs a declared integer parameter"):
        parse_query_file("bad", text.replace("#@ first ?pos skip n", "#@ first ?pos other n"))
    with pytest.raises(CatalogError, match="'#@ first actor' needs a declared integer parameter"):
        parse_query_file("bad", text.replace("#@ first ?pos skip n", "#@ first ?pos actor n"))


def test_upto_marker_limits_to_the_end_of_the_page():
    from rdflib import Literal
    text = with_skip("}\nORDER BY ?x\n#@ upto skip n\n")
    parse_query_file("upto", text)
    assert render(text, {"n": Literal(3), "skip": Literal(10)}).endswith("LIMIT 13\n")
    assert "LIMIT" not in render(text, {"n": Literal(0), "skip": Literal(10)})
    with pytest.raises(CatalogError, match="'#@ upto other' needs a declared integer parameter"):
        parse_query_file("bad", text.replace("#@ upto skip n", "#@ upto other n"))


def with_block(block: str) -> str:
    """GOOD with an optional parameter, ``who``, and ``block`` after the bind markers."""
    return GOOD.replace("#+ param: n (integer, default 3) — how many\n",
                        "#+ param: n (integer, default 3) — how many\n"
                        "#+ param: who (actor, optional) — whose\n").replace(
        "}\n", "  #@ bind who\n" + block + "}\n")


EVERY_ROW_BLOCK = """  #@ when no who and n = 0
  ?x <urn:every> ?y
  #@ bind n ?inside
  #@ else
  ?x <urn:page> ?y
  #@ end
"""


def test_when_block_keeps_the_lines_of_the_form_asked_for():
    from rdflib import Literal, URIRef
    text = with_block(EVERY_ROW_BLOCK)
    parse_query_file("when", text)
    every = render(text, {"n": Literal(0)})
    assert "<urn:every>" in every and "<urn:page>" not in every
    assert "VALUES ?inside" in every     # markers inside a kept block are rendered
    assert "#@" not in every
    for terms in ({"n": Literal(3)}, {"n": Literal(0), "who": URIRef("urn:someone")}):
        page = render(text, terms)
        assert "<urn:page>" in page and "<urn:every>" not in page and "?inside" not in page
    # without '#@ else' the block is simply left out in the other forms
    only = with_block("  #@ when n = 0\n  ?x <urn:every> ?y\n  #@ end\n")
    parse_query_file("when", only)
    assert "<urn:every>" not in render(only, {"n": Literal(1)})
    assert "<urn:every>" in render(only, {"n": Literal(0)})


@pytest.mark.parametrize("block, message", [
    ("  #@ when n = 1\n  #@ end\n", r"line 12: '#@ when': expected 'no NAME' or 'NAME = 0'"),
    ("  #@ else\n", r"line 12: '#@ else' without an open '#@ when'"),
    ("  #@ end\n", r"line 12: '#@ end' without an open '#@ when'"),
    ("  #@ when n = 0\n", r"line 12: '#@ when' has no '#@ end'"),
    ("  #@ when n = 0\n  #@ when no who\n  #@ end\n  #@ end\n",
     r"line 13: '#@ when' inside the block opened at bad.rq line 12"),
    ("  #@ when n = 0\n  #@ else\n  #@ else\n  #@ end\n", r"line 14: '#@ else' without"),
    ("  #@ when no nobody\n  #@ end\n", r"'#@ when no nobody' names no declared parameter"),
    ("  #@ when who = 0\n  #@ end\n", r"'#@ when who = 0' needs a declared integer parameter"),
])
def test_malformed_when_blocks_are_named_with_their_line(block, message):
    with pytest.raises(CatalogError, match=message):
        parse_query_file("bad", with_block(block))
