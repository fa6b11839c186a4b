"""Write docs/screenshots/*.png: the main pages in headless chromium against a live server on
127.0.0.1 holding the seed graph (the browser tests' machinery, tests/server/live.py).

    python scripts/screenshots.py [--out docs/screenshots]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from tests.server.live import browser, browser_unavailable, live_server, new_page  # noqa: E402
from tests.server.webapp import make_app, seeded_store  # noqa: E402

# (file name, path, selector to wait for, optional action)
SHOTS = [
    ("home", "/", "table.counts", None),
    ("entity", "/id/person/vladimir-putin", "#mini-graph[data-ready='1']", None),
    ("place", "/id/city/pokrovsk", "#mini-graph[data-ready='1']", None),
    ("statement", None, "dl.stance", "statement"),
    ("document", "/id/document/tsn-2972918-malomuzh-six-axes", ".source-text", None),
    ("sparql", "/sparql", ".yasqe .CodeMirror", "query"),
    ("graph", "/graph?entity=/id/person/mykola-malomuzh", "#graph[data-ready='1']", None),
    ("timeline", "/timeline?entity=/id/city/pokrovsk", "ol.undated", None),
    ("map", "/map", "#map[data-ready='1']", None),
    ("ontology", "/ontology", ".term", None),
]


def _act(page, base: str, action: str | None) -> None:
    if action == "statement":
        page.goto(base + "/id/city/pokrovsk")
        page.get_by_text("he has already announced the capture of Pokrovsk and Myrnohrad", exact=True).first.click()
    elif action == "query":
        page.locator(".yasqe_queryButton").click()
        page.wait_for_selector(".yasr table.dataTable tbody tr td")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=REPO / "docs" / "screenshots")
    args = parser.parse_args(argv)
    reason = browser_unavailable()
    if reason:
        print(f"screenshots: cannot run: {reason}", file=sys.stderr)
        return 1
    args.out.mkdir(parents=True, exist_ok=True)
    failures = 0
    with live_server(make_app(seeded_store())) as base, browser() as chromium:
        for name, path, ready, action in SHOTS:
            page = new_page(chromium, width=1360, height=900)
            if path:
                page.goto(base + path)
            if action == "statement":
                _act(page, base, action)
            page.wait_for_selector(ready)
            if action == "query":
                _act(page, base, action)
            page.wait_for_timeout(600)  # let layouts settle
            page.screenshot(path=str(args.out / f"{name}.png"), full_page=False)
            problems = page.watch.errors + page.watch.outside
            if problems:
                failures += 1
                print(f"screenshots: {name}: {problems}", file=sys.stderr)
            page.context.close()
            print(f"screenshots: wrote {args.out / (name + '.png')}", file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
