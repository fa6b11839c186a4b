#!/usr/bin/env python3
"""Extract every article of the evaluation set into a temporary directory and score it with the
shared scorer (../shared/eval/score.py, used as is), the dev part and the held-out part separately.

    python tests/extraction/run_eval.py [--scorer PATH] [--verbose]

Dev = seed, 01, 02, 03 (the extractor was developed on their errors); held-out = 04, 05.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
SCORER = ROOT.parent / "shared" / "eval" / "score.py"
SPLITS = {"dev": ["seed", "01", "02", "03"], "held-out": ["04", "05"]}


def extract_all(out_dir: Path) -> None:
    """Write the evaluation form of each article to ``out_dir``/<doc>.json."""
    sys.path.insert(0, str(ROOT))
    from claimgraph.graph.extract import extract_annotation, to_eval_json

    meta = json.loads((HERE / "articles" / "meta.json").read_text(encoding="utf-8"))
    for doc, m in meta.items():
        text = (HERE / "articles" / f"{doc}.txt").read_text(encoding="utf-8")
        ann = extract_annotation(text, url=m["url"], date_published=m["date"], publisher=m["publisher"], id=m["id"])
        (out_dir / f"{doc}.json").write_text(json.dumps(to_eval_json(ann), ensure_ascii=False, indent=1),
                                             encoding="utf-8")


def score(pred_dir: Path, docs: list[str], scorer: Path = SCORER, verbose: bool = False) -> tuple[str, dict]:
    """Run the shared scorer on ``docs``; return its output and the parsed figures."""
    cmd = [sys.executable, str(scorer), str(HERE / "gold"), str(pred_dir), "--docs", ",".join(docs)]
    out = subprocess.run(cmd + (["-v"] if verbose else []), capture_output=True, text=True, check=True).stdout
    figures = {}
    for line in out.splitlines():
        parts = line.split()
        if len(parts) == 8 and parts[0] in ("actors", "locations", "statements", "statement_spans", "negotiations"):
            tp, fp, fn, ign = map(int, parts[1:5])
            figures[parts[0]] = {"tp": tp, "fp": fp, "fn": fn, "ignored": ign,
                                 "p": float(parts[5]), "r": float(parts[6]), "f1": float(parts[7])}
        elif len(parts) == 9 and parts[:2] == ["entities", "(micro)"]:
            figures["entities"] = {"tp": int(parts[2]), "fp": int(parts[3]), "fn": int(parts[4])}
        elif len(parts) == 7 and parts[0] in ("about_actors", "about_locations"):
            figures[parts[0]] = {"p": float(parts[2]), "r": float(parts[4]), "f1": float(parts[6])}
    m = re.search(r"statement_f1=([\d.]+) entity_f1=([\d.]+)", out)
    figures["statement_f1"], figures["entity_f1"] = float(m.group(1)), float(m.group(2))
    m = re.search(r"kind accuracy ([\d.]+); quote-flag accuracy ([\d.]+)", out)
    if m:
        figures["kind_accuracy"], figures["quote_accuracy"] = float(m.group(1)), float(m.group(2))
    return out, figures


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--scorer", type=Path, default=SCORER)
    ap.add_argument("--verbose", "-v", action="store_true")
    a = ap.parse_args(argv)
    if not a.scorer.exists():
        print(f"scorer not found at {a.scorer}; pass --scorer PATH (shared/eval/score.py)", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as tmp:
        extract_all(Path(tmp))
        for name, docs in SPLITS.items():
            out, _ = score(Path(tmp), docs, a.scorer, a.verbose)
            print(f"=== {name}: {', '.join(docs)}\n{out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
