"""An annotation written as JSON (JSON is YAML) is recognised by its ``format`` and loads as the
YAML does; any other ``.json`` is JSON-LD, and one that states no triples is told what an
annotation looks like (finding 10 of s17-h3)."""

from __future__ import annotations

import json
from pathlib import Path

import yaml
from click.testing import CliRunner
from rdflib.compare import isomorphic

from claimgraph.cli import cli
from claimgraph.graph.annotation import annotation_to_graph, bundled_annotations
from claimgraph.graph.load import load_paths
from claimgraph.graph.store import open_store

GOLD = Path(__file__).resolve().parents[2].parent / "shared" / "eval" / "seed.gold.json"


def _as_json(tmp_path: Path) -> Path:
    seed = bundled_annotations()[0]
    out = tmp_path / "seed.json"
    out.write_text(json.dumps(yaml.safe_load(seed.read_text("utf-8")), indent=1,
                              ensure_ascii=False), "utf-8")
    return out


def test_an_annotation_in_json_loads_as_its_yaml(tmp_path):
    source = _as_json(tmp_path)
    name = annotation_to_graph(bundled_annotations()[0])[0]
    loaded = []
    for path in (source, bundled_annotations()[0]):
        store = open_store("memory:")
        [report] = load_paths(store, [path])
        assert report.error is None and list(report.graphs) == [name]
        loaded.append(store.triples(name))
    assert len(loaded[0]) > 1000 and isomorphic(*loaded)


def test_an_annotation_in_json_is_checked_with_lines(tmp_path):
    source = _as_json(tmp_path)
    source.write_text(source.read_text("utf-8").replace('"headline"', '"headlin"', 1), "utf-8")
    result = CliRunner().invoke(cli, ["validate", str(source)])
    assert result.exit_code == 1
    assert f"{source}:" in result.stderr and "'headlin' was unexpected" in result.stderr


def test_a_json_file_that_is_no_annotation_says_it_was_read_as_json_ld(tmp_path):
    plain = tmp_path / "plain.json"
    plain.write_text('{"statements": []}')
    result = CliRunner().invoke(cli, ["validate", str(plain)])
    assert result.exit_code == 1
    assert "read as JSON-LD (by its suffix .json)" in result.stderr
    assert '"format": "claimgraph-annotation/1"' in result.stderr


def test_the_eval_gold_is_named_for_what_it_is():
    assert GOLD.is_file(), GOLD
    result = CliRunner().invoke(cli, ["validate", str(GOLD)])
    assert result.exit_code == 1
    assert "read as JSON-LD" in result.stderr and "score.py" in result.stderr
