"""`claimgraph load --extract` and the ledger refresh that follows every load."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from claimgraph.cli import cli
from claimgraph.graph.store import open_store
from claimgraph.queries.runner import run

SEED = Path(__file__).resolve().parents[2].parent / "shared" / "seeds" / "000_bb1226cbc1a1ccb8.txt"


def test_load_refreshes_the_ledger(tmp_path):
    url = f"oxigraph:{tmp_path / 'store'}"
    result = CliRunner().invoke(cli, ["--store", url, "load", "--example"])
    assert result.exit_code == 0, result.output
    assert "ledger:" in result.stderr
    with open_store(url) as store:
        statuses = {r["claim_label"]: r["current_status"]
                    for r in run(store, "claim-status", location="Pokrovsk")}
    assert statuses["Capture of Pokrovsk by Russia"] == "refuted"


@pytest.mark.skipif(not SEED.exists(), reason="the shared seed article (../shared) is missing")
def test_extracted_seed_answers_like_the_hand_annotation(tmp_path):
    article = tmp_path / "seed.txt"
    article.write_text(SEED.read_text(encoding="utf-8"), encoding="utf-8")
    url = f"oxigraph:{tmp_path / 'store'}"
    result = CliRunner().invoke(cli, ["--store", url, "load", "--extract", str(article),
                                      "--publisher", "TSN", "--date", "2025-11-20"])
    assert result.exit_code == 0, result.output
    with open_store(url) as store:
        targets_statement = store.query("""
            PREFIX cg: <https://w3id.org/claimgraph/ontology#>
            PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
            SELECT ?s (COUNT(DISTINCT ?city) AS ?n) WHERE {
              ?s cg:speaker/rdfs:label "Mykola Malomuzh"@en ; cg:about ?city . ?city a cg:City .
              VALUES ?name { "Pokrovsk"@en "Myrnohrad"@en "Kostiantynivka"@en "Kupiansk"@en
                             "Vovchansk"@en "Huliaipole"@en }
              ?city rdfs:label ?name } GROUP BY ?s ORDER BY DESC(?n) LIMIT 1""").rows
        assert int(targets_statement[0]["n"]) == 6
        claims = run(store, "claims-about-location", location="Pokrovsk")
        # the ledger's current status, as for the hand annotation (both annotate "disputed")
        assert any("Putin" in (c.get("claimed_by_label") or "") and c["status"] == "refuted"
                   for c in claims), claims
        deadlines = run(store, "deadlines", location="Pokrovsk")
        assert [d["count"] for d in deadlines] == [16]


ARTICLE = Path(__file__).resolve().parents[1] / "extraction" / "articles" / "seed.txt"


def test_load_extract_needs_a_publisher_and_reports_the_article(tmp_path):
    url = f"oxigraph:{tmp_path / 'store'}"
    refused = CliRunner().invoke(cli, ["--store", url, "load", "--extract", str(ARTICLE)])
    assert refused.exit_code == 2 and "--extract: an annotation needs --publisher" in refused.stderr
    assert not (tmp_path / "store").exists()
    loaded = CliRunner().invoke(cli, ["--store", url, "load", "--extract", str(ARTICLE),
                                      "--publisher", "TSN", "--no-ledger"])
    assert loaded.exit_code == 0, loaded.output
    assert loaded.stdout.startswith(f"loaded {ARTICLE} -> <")  # was the deleted temporary file


def test_a_refused_extraction_names_the_article(tmp_path, monkeypatch):
    from claimgraph.graph import extract

    real = extract.extract_annotation

    def garbled(text, **meta):
        annotation = real(text, **meta)
        annotation["statements"][0]["text"] = "words the article does not hold"
        return annotation

    monkeypatch.setattr(extract, "extract_annotation", garbled)
    url = f"oxigraph:{tmp_path / 'store'}"
    result = CliRunner().invoke(cli, ["--store", url, "load", "--extract", str(ARTICLE),
                                      "--publisher", "TSN", "--no-ledger"])
    assert result.exit_code == 1
    assert result.stderr.startswith(
        f"error: {ARTICLE}: the annotation extracted from it is refused (see it with "
        f"`claimgraph extract {ARTICLE} --publisher ...`): statements[0].text: the statement "
        "text does not occur in document.text")
    assert "claimgraph-extract-" not in result.stderr

