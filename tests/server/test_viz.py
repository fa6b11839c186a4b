"""``claimgraph viz``: standalone HTML (scripts inlined, no outside references), DOT, PNG, SVG."""

from __future__ import annotations

import re
import shutil

import pytest
from click.testing import CliRunner

from claimgraph.cli.viz import viz
from claimgraph.server.pages import vendor_installed


@pytest.fixture()
def runner():
    return CliRunner()


def _run(runner, web_store, *args):
    return runner.invoke(viz, list(args), obj={"store": web_store}, catch_exceptions=False)


@pytest.mark.skipif(not vendor_installed(), reason="front-end assets not installed (make assets)")
def test_html_is_standalone(runner, web_store, tmp_path):
    out = tmp_path / "putin.html"
    result = _run(runner, web_store, "person/vladimir-putin", "--out", str(out))
    assert result.exit_code == 0, result.output
    text = out.read_text("utf-8")
    assert "<script src" not in text and "<link" not in text
    assert "cytoscape" in text and "Vladimir Putin" in text
    # no URL is loaded from anywhere: the only http(s) strings are data IRIs and namespaces
    assert not re.search(r"(src|href)=[\"']https?://", text)


def test_dot_has_labelled_nodes_and_edges(runner, web_store, tmp_path):
    out = tmp_path / "pokrovsk.dot"
    result = _run(runner, web_store, "https://w3id.org/claimgraph/id/city/pokrovsk",
                  "--out", str(out))
    assert result.exit_code == 0, result.output
    dot = out.read_text("utf-8")
    assert '"https://w3id.org/claimgraph/id/city/pokrovsk" [label="Pokrovsk"' in dot
    assert 'label="located in"' in dot


@pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz dot is not installed")
@pytest.mark.parametrize("suffix,magic", [(".png", b"\x89PNG"), (".svg", b"<?xml")])
def test_graphviz_formats(runner, web_store, tmp_path, suffix, magic):
    out = tmp_path / f"malomuzh{suffix}"
    result = _run(runner, web_store, "/id/person/mykola-malomuzh", "--out", str(out))
    assert result.exit_code == 0, result.output
    assert out.read_bytes().startswith(magic)


@pytest.mark.parametrize("entity,focus", [
    # names and aliases were read as /id/Pokrovsk and /id/Putin: "nothing in the graph links to"
    ("Pokrovsk", "city/pokrovsk"), ("Putin", "person/vladimir-putin"),
    ("vladimir putin", "person/vladimir-putin"), ("person/vladimir-putin", "person/vladimir-putin"),
    ("/id/city/pokrovsk", "city/pokrovsk"),
    ("https://w3id.org/claimgraph/id/city/pokrovsk", "city/pokrovsk"),
])
def test_entity_is_read_as_the_graph_view_reads_it(runner, web_store, tmp_path, entity, focus):
    out = tmp_path / "v.dot"
    result = _run(runner, web_store, entity, "--out", str(out))
    assert result.exit_code == 0, result.output
    assert f'"https://w3id.org/claimgraph/id/{focus}" [label=' in out.read_text("utf-8")


def test_bad_arguments(runner, web_store, tmp_path):
    assert _run(runner, web_store, "--out", str(tmp_path / "x.html")).exit_code == 2
    assert _run(runner, web_store, "person/vladimir-putin", "--out",
                str(tmp_path / "x.pdf")).exit_code == 2
    unknown = _run(runner, web_store, "person/nobody", "--out", str(tmp_path / "x.dot"))
    assert unknown.exit_code == 2 and "nothing is known about 'person/nobody'" in unknown.output
    unnamed = _run(runner, web_store, "Nobodyxyz", "--out", str(tmp_path / "x.dot"))
    assert unnamed.exit_code == 2 and "no entity has that name" in unnamed.output
    ambiguous = _run(runner, web_store, "P", "--out", str(tmp_path / "x.dot"))
    assert ambiguous.exit_code == 2 and "names more than one entity" in ambiguous.output
    assert not (tmp_path / "x.dot").exists()


@pytest.mark.parametrize("args,words", [
    (["--query", "no-such-query"], ["--query", "unknown query 'no-such-query'"]),
    (["--query", "statements-by"], ["--param", "parameter 'actor': is required"]),
    (["--query", "statements-by", "--param", "actor=Nobodyxyz"], ["no actor named"]),
    (["--query", "statements-by", "--param", "actor=M"], ["is ambiguous", "candidates: "]),
])
def test_a_bad_catalog_query_is_a_usage_error(runner, web_store, tmp_path, args, words):
    # as in `claimgraph ask` (exit 2); viz said exit 1
    result = _run(runner, web_store, *args, "--out", str(tmp_path / "x.dot"))
    assert result.exit_code == 2 and all(word in result.output for word in words), result.output


def test_html_links_only_web_addresses():
    from claimgraph.cli.viz import _public_hrefs

    data = {"nodes": [{"id": "https://w3id.org/claimgraph/id/person/x"},
                      {"id": "javascript:alert(1)"}, {"id": "urn:x"}]}
    assert [n["href"] for n in _public_hrefs(data)["nodes"]] == [
        "https://w3id.org/claimgraph/id/person/x", None, None]
