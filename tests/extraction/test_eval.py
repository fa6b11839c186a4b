"""Extraction measured with the shared scorer: every figure of docs/extraction.md's table, and
floors on the dev set and the held-out set.

The table's figures are held to the three decimals it shows (and its counts exactly), so that a
change of the extractor or of its evaluation form cannot move a figure without the page. The
floors are what the extractor reaches on the dev articles it was developed on; the held-out
floor is set below the figure of its first (untuned) run.
"""

import importlib.util
import json
import re
import sys
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
FIGURES_PAGE = HERE.parents[1] / "docs" / "extraction.md"
# the rows of the page's table, and the documents each one scores
ROWS = {"seed (dev)": ["seed"], "dev (seed+01–03)": ["seed", "01", "02", "03"],
        "held-out (04–05)": ["04", "05"]}
_spec = importlib.util.spec_from_file_location("run_eval", HERE / "run_eval.py")
run_eval = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(run_eval)

pytestmark = pytest.mark.skipif(not run_eval.SCORER.exists(),
                                reason=f"shared scorer missing at {run_eval.SCORER} (needs ../shared beside the repo)")


@pytest.fixture(scope="module")
def predictions(tmp_path_factory):
    out = tmp_path_factory.mktemp("pred")
    run_eval.extract_all(out)
    return out


def test_gold_files_are_consistent():
    for gold in sorted((HERE / "gold").glob("*.json")):
        g = json.loads(gold.read_text(encoding="utf-8"))
        text = (HERE / "articles" / f"{gold.stem}.txt").read_text(encoding="utf-8")
        for s in g["statements"] + g.get("optional_statements", []):
            assert s["text"] in text, (gold.name, s["text"][:40])


def test_seed_gold_is_the_shared_copy():
    shared = run_eval.SCORER.parent / "seed.gold.json"
    assert json.loads(shared.read_text("utf-8")) == json.loads((HERE / "gold" / "seed.json").read_text("utf-8"))


def test_dev_floors(predictions):
    out, f = run_eval.score(predictions, run_eval.SPLITS["dev"])
    print(out, file=sys.stderr)
    st = f["statements"]
    assert st["p"] >= 0.95 and st["r"] >= 0.95, out
    assert f["entity_f1"] >= 0.95, out
    assert st["fp"] <= 0.05 * (st["tp"] + st["fp"]), out


def test_held_out_reported(predictions):
    out, f = run_eval.score(predictions, run_eval.SPLITS["held-out"])
    print(out, file=sys.stderr)
    assert f["statements"]["p"] >= 0.85 and f["statements"]["r"] >= 0.85, out
    assert f["entity_f1"] >= 0.9, out


def _documented_rows() -> dict[str, list[str]]:
    """The cells of each row of the "Figures" table of docs/extraction.md, bold marks removed."""
    section = FIGURES_PAGE.read_text(encoding="utf-8").split("## Figures", 1)[1].split("\n## ", 1)[0]
    rows = {}
    for line in section.splitlines():
        cells = [c.replace("**", "").strip() for c in line.strip().strip("|").split("|")]
        if cells[0] in ROWS:
            rows[cells[0]] = cells[1:]
    assert set(rows) == set(ROWS), f"rows of the Figures table: {sorted(rows)}"
    return rows


@pytest.mark.parametrize("row", list(ROWS))
def test_figures_are_the_documented_ones(predictions, row):
    out, f = run_eval.score(predictions, ROWS[row])
    p, r, f1, spurious, entity, negotiations, kind, quote, about_a, about_l = _documented_rows()[row]
    st = f["statements"]
    assert [p, r, f1] == [f"{st[k]:.3f}" for k in ("p", "r", "f1")], out
    fp, predicted, share, ignored = re.fullmatch(
        r"(\d+) / (\d+)(?: = ([\d.]+) %)? \(\+(\d+) ignored(?: optional)?\)", spurious).groups()
    assert (int(fp), int(predicted), int(ignored)) == (st["fp"], st["tp"] + st["fp"],
                                                       st["ignored"]), out
    assert share is None or share == f"{100 * st['fp'] / (st['tp'] + st['fp']):.1f}", out
    entity_f1, entity_tp = re.fullmatch(r"([\d.]+)(?: \((\d+) TP\))?", entity).groups()
    assert entity_f1 == f"{f['entity_f1']:.3f}", out
    assert entity_tp is None or int(entity_tp) == f["entities"]["tp"], out
    assert negotiations == f"{f['negotiations']['f1']:.3f}", out
    assert [kind, quote] == [f"{f['kind_accuracy']:.3f}", f"{f['quote_accuracy']:.3f}"], out
    assert [about_a, about_l] == [f"{f['about_actors']['f1']:.3f}",
                                  f"{f['about_locations']['f1']:.3f}"], out
