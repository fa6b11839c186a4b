"""The human-facing web pages as one Flask blueprint, ``bp``.

Routes (each page also answers as JSON at ``.json`` or with ``Accept: application/json``):
``/`` home; ``/search`` the search form's answer; ``/id/<path>`` every minted IRI, content-negotiated (HTML, Turtle, JSON-LD,
N-Triples, RDF/XML); ``/q/<name>`` a catalog question's answer; ``/graph``, ``/timeline``,
``/map`` views; ``/ledger``, ``/ledger/claim/<hash>``, ``/ledger/location``, ``/ledger/about``
and ``/scoreboard`` (the claim ledger, see web/routes_ledger.py); ``/ontology`` and ``/ontology.ttl``; ``/-/versions``, ``/-/config``,
``/-/examples.json`` and ``/-/vocabulary.json`` (for the query editor). The query editor
itself is ``templates/sparql.html``, rendered by the SPARQL endpoint for browsers.

Templates are in ``server/templates``, our scripts and styles in ``server/static``, and the
npm libraries in ``server/static/vendor`` (installed by ``make assets``).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from flask import Blueprint, url_for

from claimgraph.server.web import routes_entity, routes_home, routes_ledger, routes_views
from claimgraph.server.web.iris import href, id_base
from claimgraph.server.web.vocab import PREFIXES, compact

HERE = Path(__file__).resolve().parent
VENDOR = HERE / "static" / "vendor"

bp = Blueprint("pages", __name__, template_folder="templates", static_folder="static",
               static_url_path="/static")

NAV = [("Home", "/"), ("Query", "/sparql"), ("Graph", "/graph"), ("Map", "/map"),
       ("Ledger", "/ledger"), ("Scoreboard", "/scoreboard"), ("Ontology", "/ontology")]


def vendor_installed() -> bool:
    """Whether ``make assets`` has copied the front-end libraries."""
    return (VENDOR / "MANIFEST.json").is_file()


@bp.app_context_processor
def _template_helpers() -> dict[str, Any]:
    def static(name: str) -> str:
        return url_for("pages.static", filename=name)

    return {"cg_nav": NAV, "cg_static": static, "cg_href": href, "cg_compact": compact,
            "cg_vendor_installed": vendor_installed(), "cg_id_base": id_base(),
            "cg_prefixes": PREFIXES}


for _module in (routes_home, routes_entity, routes_views, routes_ledger):
    _module.register(bp)
