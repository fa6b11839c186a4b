"""Standalone renderings of a graph (the graph view's data) for reports: a self-contained
interactive HTML file with every script inlined (opens offline), Graphviz DOT, and PNG/SVG
rendered by Graphviz's ``dot``."""

from __future__ import annotations

import html
import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

STATIC = Path(__file__).resolve().parent.parent / "static"


class ExportError(RuntimeError):
    """The graph could not be written in the requested format."""


def _script(name: str) -> str:
    path = STATIC / name
    if not path.is_file():
        raise ExportError(f"{path} is missing: install the front-end assets with `make assets`")
    # A literal "</script>" inside an inlined script would end the element early.
    return path.read_text("utf-8").replace("</script", "<\\/script")


def to_html(data: dict[str, Any], title: str) -> str:
    """One HTML file: Cytoscape, our graph code and the data inlined; nodes link to their IRIs."""
    payload = json.dumps(data, ensure_ascii=False).replace("</", "<\\/")
    legend = "".join(f'<li><span class="dot" style="background:{html.escape(c["colour"])}"></span>'
                     f'{html.escape(c["label"])}</li>' for c in data.get("legend", []))
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{html.escape(title)}</title>
<style>
body {{ margin: 0; font-family: system-ui, sans-serif; color: #1f2937; }}
header {{ padding: .7rem 1.2rem; background: #1e3a5f; color: #fff; }}
header h1 {{ font-size: 1.1rem; margin: 0; }}
#graph {{ position: absolute; top: 3rem; left: 0; right: 0; bottom: 0; }}
ul.legend {{ position: absolute; right: 1rem; top: 3.6rem; list-style: none; background: #fff;
  border: 1px solid #e2e8f0; border-radius: 8px; padding: .5rem .8rem; font-size: .85rem; z-index: 5; }}
.dot {{ display: inline-block; width: .7rem; height: .7rem; border-radius: 50%; margin-right: .4rem; }}
</style></head>
<body><header><h1>{html.escape(title)}</h1></header>
<ul class="legend">{legend}</ul><div id="graph"></div>
<script>{_script("vendor/cytoscape.min.js")}</script>
<script>{_script("graph.js")}</script>
<script>
var data = {payload};
var cy = cytoscape({{ container: document.getElementById("graph"),
  elements: ClaimGraph.elements(data), style: ClaimGraph.style }});
ClaimGraph.layout(cy, false);
cy.on("tap", "node", function (ev) {{
  var href = ev.target.data("href");
  if (href) {{ window.open(href, "_blank", "noopener"); }}
}});
</script></body></html>
"""


def _dot_id(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _short(text: str, limit: int = 40) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[:limit - 1] + "…"


def to_dot(data: dict[str, Any], title: str) -> str:
    """Graphviz DOT: nodes filled by category, statements as boxes, edges labelled."""
    lines = ["digraph claimgraph {",
             f"  graph [label={_dot_id(title)}, labelloc=t, fontname=\"Helvetica\", "
             "fontsize=16, rankdir=LR, overlap=false, splines=true, bgcolor=white];",
             '  node [fontname="Helvetica", fontsize=10, style="filled", fontcolor=white, '
             'color=white];',
             '  edge [fontname="Helvetica", fontsize=8, color="#94a3b8", fontcolor="#475569"];']
    for node in data["nodes"]:
        long = node["category"] in ("statement", "claim")
        shape = "box" if long else "ellipse"
        label = _short(node["label"], 48 if long else 28)
        extra = ", penwidth=3, color=\"#111827\"" if node.get("focus") else ""
        lines.append(f"  {_dot_id(node['id'])} [label={_dot_id(label)}, shape={shape}, "
                     f"fillcolor={_dot_id(node['colour'])}, URL={_dot_id(node['href'])}, "
                     f"tooltip={_dot_id(node['label'])}{extra}];")
    for edge in data["edges"]:
        lines.append(f"  {_dot_id(edge['source'])} -> {_dot_id(edge['target'])} "
                     f"[label={_dot_id(edge['label'])}];")
    lines.append("}")
    return "\n".join(lines) + "\n"


def write(data: dict[str, Any], title: str, out: Path) -> None:
    """Write ``data`` to ``out`` in the format its suffix names (.html, .dot, .png, .svg)."""
    suffix = out.suffix.lower()
    if suffix == ".html":
        out.write_text(to_html(data, title), "utf-8")
    elif suffix == ".dot":
        out.write_text(to_dot(data, title), "utf-8")
    elif suffix in (".png", ".svg"):
        dot = shutil.which("dot")
        if dot is None:
            raise ExportError("Graphviz's dot is not installed (needed for .png and .svg)")
        engine = [dot, "-Kdot" if len(data["nodes"]) < 60 else "-Ksfdp", f"-T{suffix[1:]}"]
        run = subprocess.run(engine + ["-o", str(out)], input=to_dot(data, title).encode(),
                             capture_output=True, timeout=120)
        if run.returncode != 0:
            raise ExportError("dot failed: " + run.stderr.decode(errors="replace").strip())
    else:
        raise ExportError(f"unknown output format {suffix!r}: expected .html, .png, .svg or .dot")
