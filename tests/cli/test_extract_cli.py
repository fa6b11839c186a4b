"""``claimgraph extract``: YAML annotation, --json evaluation form, --out file, clear errors."""

import json
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from claimgraph.cli import cli

SEED = Path(__file__).resolve().parents[1] / "extraction" / "articles" / "seed.txt"


@pytest.fixture
def runner():
    return CliRunner()


def test_yaml_to_stdout(runner):
    res = runner.invoke(cli, ["extract", str(SEED), "--url", "https://example.org/x", "--date", "2025-11-20",
                              "--publisher", "tsn", "--id", "seed-x"])
    assert res.exit_code == 0, res.output
    ann = yaml.safe_load(res.output)
    assert ann["annotator"]["method"] == "extraction" and ann["document"]["id"] == "seed-x"
    assert ann["document"]["text"] == SEED.read_text(encoding="utf-8")
    assert ann["document"]["url"] == "https://example.org/x" and ann["document"]["date_published"] == "2025-11-20"
    assert all("confidence" in s for s in ann["statements"])


def test_json_eval_form(runner):
    res = runner.invoke(cli, ["extract", str(SEED), "--json"])
    assert res.exit_code == 0
    ev = json.loads(res.output)
    assert {"name": "Mykola Malomuzh", "type": "Person"} in ev["actors"]
    assert any(s["speaker"] == "Mykola Malomuzh" and s["cue"] == "stressed" and s["quote"] for s in ev["statements"])


def test_out_file(runner, tmp_path):
    out = tmp_path / "a.yaml"
    res = runner.invoke(cli, ["extract", str(SEED), "--publisher", "TSN", "--out", str(out)])
    assert res.exit_code == 0 and out.exists() and not (tmp_path / "a.yaml.tmp").exists()
    assert yaml.safe_load(out.read_text(encoding="utf-8"))["format"] == "claimgraph-annotation/1"


def test_bad_inputs(runner, tmp_path):
    res = runner.invoke(cli, ["extract", str(SEED), "--date", "20/11/2025"])
    assert res.exit_code == 2 and "YYYY-MM-DD" in res.output
    empty = tmp_path / "empty.txt"
    empty.write_text("  \n", encoding="utf-8")
    res = runner.invoke(cli, ["extract", str(empty), "--publisher", "TSN"])
    assert res.exit_code == 1 and "empty" in res.output and "Traceback" not in res.output
    binary = tmp_path / "bin.txt"
    binary.write_bytes(b"\xff\xfe\x00abc")
    res = runner.invoke(cli, ["extract", str(binary), "--publisher", "TSN"])
    assert res.exit_code == 1 and "UTF-8" in res.output
    res = runner.invoke(cli, ["extract", str(tmp_path / "missing.txt")])
    assert res.exit_code == 2


def test_help(runner):
    res = runner.invoke(cli, ["extract", "--help"])
    assert res.exit_code == 0 and "--json" in res.output and "--date" in res.output


def test_an_annotation_needs_a_publisher_and_then_validates(runner, tmp_path):
    # without one, `extract` wrote an annotation that `validate` and `load` refused
    res = runner.invoke(cli, ["extract", str(SEED)])
    assert res.exit_code == 2 and "an annotation needs --publisher NAME" in res.stderr
    out = tmp_path / "a.yaml"
    res = runner.invoke(cli, ["extract", str(SEED), "--publisher", "TSN", "--out", str(out)])
    assert res.exit_code == 0
    checked = runner.invoke(cli, ["validate", str(out)])
    assert checked.exit_code == 0, checked.stderr


@pytest.mark.parametrize("option,value,expected", [
    ("--url", "not a url", "expected an http(s) URL"),
    ("--url", "http://example.org/a\x01", "expected an http(s) URL"),
    ("--id", "BAD ID", "expected lower-case letters, digits and hyphens"),
    ("--id", "ok\n", "expected lower-case letters, digits and hyphens"),
    ("--publisher", "  ", "expected the publisher's name"),
])
def test_document_options_are_checked_like_date(runner, tmp_path, option, value, expected):
    out = tmp_path / "a.yaml"
    res = runner.invoke(cli, ["extract", str(SEED), "--publisher", "TSN", option, value,
                              "--out", str(out)])
    assert res.exit_code == 2 and expected in res.stderr and not out.exists()
