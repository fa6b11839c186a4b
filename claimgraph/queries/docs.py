"""docs/queries.md, generated from the catalog: ``python -m claimgraph.queries.docs > docs/queries.md``
(or ``claimgraph queries --markdown``). A test keeps the committed file equal to this output."""

from __future__ import annotations

from claimgraph.queries.catalog import Catalog

FORMAT_DOC = """\
## The query file format

Each named query is one file `claimgraph/queries/rq/NAME.rq`; the file name is the query's name.
Its header is a block of comment lines starting with `#+`, read by `claimgraph.queries.catalog`:

| line | meaning |
|---|---|
| `#+ title: TEXT` | a one-line title |
| `#+ description: TEXT` | what the query answers; may repeat, the lines are joined |
| `#+ param: NAME (TYPE, required)` `— DOC` | a parameter that must be given |
| `#+ param: NAME (TYPE, optional)` `— DOC` | a parameter that may be left out |
| `#+ param: NAME (TYPE, default VALUE)` `— DOC` | a parameter with a default |
| `#+ columns: A, B, C` | the columns of each result record, in order |
| `#+ example: KEY=VALUE …` | example parameters (shell-quoted); used by the tests and docs |
| `#+ runner: NAME` | (rare) the answer is computed in Python around this body (`path`; `timeline`, which first finds the positions a date range spans) |
| `#+ lists: A, B` | columns that hold lists, one aligned group a line (see "Labels and lists" below) |

Parameter types: `actor`, `location`, `entity` (any named thing), `statement`, `negotiation`,
`operation` are resolved to one entity IRI; `date` (YYYY-MM-DD, or YYYY-MM, YYYY), `integer`
(at most 10^12 either way: a larger limit or offset is refused as a bad parameter) and `string`
become typed literals.

In the SPARQL body, a line `#@ bind NAME` (or `#@ bind NAME ?var`) marks where a parameter is
bound: it is replaced by `VALUES ?NAME { term }` when the parameter has a value and removed when
it has none (the query then treats the variable as unbound: `FILTER(!BOUND(?x) || …)`). A marker
may appear several times, so that each grouped sub-select is restricted by the parameter before
it joins: Oxigraph evaluates sub-selects bottom-up, and a restriction outside them would come
too late.

A line `#@ limit NAME` (after the `ORDER BY`; NAME an integer parameter) becomes `LIMIT n`, or
nothing when n is 0: queries over the whole graph (`actor-network`) bound their answer by
default, heaviest first, as `limit` says, and `limit=0` asks for every row. A line
`#@ offset NAME` becomes `OFFSET n` (nothing for 0), for paging. Both may stand inside a
sub-select, so that a page of keys is cut before the joins that fetch its labels and texts.

A line `#@ absent NAME ?var` is the converse of a bind: it becomes `VALUES ?var { true }` when the
parameter has NO value and is removed when it has one, so that a branch meant only for the case
without the parameter (`FILTER(BOUND(?var))`) is dropped by the engine when the parameter is given,
rather than evaluated and filtered row by row.

A line `#@ first ?var OFFSET LIMIT` (OFFSET and LIMIT integer parameters) restricts `?var` to the
integers 0 to offset + limit - 1: `VALUES ?var { 0 1 … }`, or `FILTER(?var < n)` beyond
10,000 of them, and nothing when the limit is 0. A listing whose order the ledger refresh
derived as positions (`timeline`'s `cg:timelineOrder`) so looks up the rows up to its page, one
index lookup each, instead of reading and sorting every position. A line `#@ upto OFFSET LIMIT`
becomes `LIMIT n` with n = offset + limit (nothing when the limit is 0): a branch that cuts its
candidates in a sub-select before the query's own `OFFSET` and `LIMIT` cut the page from them.
A line `#@ first ?var OFFSET LIMIT BASE END` does the same from position base on and below end,
two integers a runner computes (BASE and END name them; a query with a runner may bind, test
for absence and cut on such terms of its runner's besides its parameters): `timeline`'s runner
finds the run of positions a date range spans by probing a few dozen of them
(claimgraph/queries/timeline.py), and its page is then read like the page with no range.

Lines between `#@ when CONDITIONS` and `#@ else` (or `#@ end`) are kept only when every
condition holds, and those between `#@ else` and `#@ end` only when one does not; the markers
themselves and the lines dropped never reach the engine. A condition is `no NAME` (the parameter
has no value) or `NAME = 0` (an integer parameter is 0), joined by `and`; blocks do not nest. A
form of a query with a plan of its own uses them: `actor-network`, `contradictions` and
`claim-status` read every row (`no actor and limit = 0`) by scanning each property once and
joining the scans, where a page looks its rows up one by one.

## Labels and lists

A thing has one label in every answer, chosen as the pages choose it: its English `rdfs:label`
(`@en`), else an untagged one, else one in any other language; the first by text among several
of the same kind. `claimgraph enrich` adds the Wikidata labels in other languages
(`"Купянск"@ru`, `"Куп'янськ"@uk`), and they never replace the English one. In a query, an
aggregate keeps the least of `CONCAT(tier, label)` (tier `0` English, `1` untagged, `2` other)
and cuts the digit off; a label looked up row by row keeps the label for which no better one
exists (`FILTER NOT EXISTS`). The networkx projections (`claimgraph graph`, `/api/graph/*`)
label their nodes the same way.

A cell that lists several values (`about`, `about_labels`, `parties`, `party_labels`,
`positions`, `due_dates`, ...) separates them by `; `, or by a space in a list of IRIs. Such
columns are named in the query's `#+ lists:` header, one group a line: the lists of a group
have one item per thing, in the same order (item i of `about_labels` is the label of item i of
`about`), and the catalog sorts them together, by the first column of the group and then the
next, after the engine answers. `GROUP_CONCAT` joins values in whatever order the engine meets
them (Oxigraph on disk and in memory differ, Virtuoso differs again); sorted, the CLI, the HTTP
API and any backend give the same cells. A row whose lists split into different numbers of
items (a label that itself holds `; `) is left in the engine's order.

## How parameters are bound and resolved

Values never become query text. An entity parameter is resolved to an IRI and checked to be one
(no spaces, control characters or `<>"{}|^`\\`), a literal is written with SPARQL's escapes for
quotes, backslashes and line breaks, and either is written into the `VALUES` block by the
binder, so no parameter can change the query. An entity parameter accepts:

- a full IRI: `https://w3id.org/claimgraph/id/person/vladimir-putin`;
- a prefixed name: `id:person/vladimir-putin`, `cg:…`, or `wd:Q7747` (the entity `owl:sameAs`
  that Wikidata item);
- a name, matched against labels, preferred labels, aliases and slugs, ignoring case, accents
  and punctuation, among entities of the parameter's type (`pokrovsk`, `Kupyansk` for
  Kupiansk, `Putin`). A label or slug match wins over an alias match, unless the name is also
  another entity's alias: `Moscow`, the city's label and (as articles use the capital for the
  state) an alias of Russia, is ambiguous; give `id:city/moscow` or `Russia`. Failing an exact
  match, a unique prefix is accepted. An unknown or ambiguous name is an error that lists the
  candidates.

## Using the catalog

- CLI: `claimgraph queries` lists the catalog; `claimgraph ask NAME --param key=value …
  [--format table|json|csv]` (also `claimgraph query NAME --param …`) runs one.
- HTTP: `GET /api/queries` (this catalog as JSON), `GET /api/queries/NAME?key=value`
  (`{"query", "params", "results", "next_url"}`; CSV with `Accept: text/csv` or `format=csv`,
  SPARQL JSON results with `Accept: application/sparql-results+json` or `format=sparql-json`;
  a query with `limit` and `offset` whose page is full links to the next page in `next_url`
  and in a `Link: <…>; rel="next"` header, as Datasette does; a parameter given twice,
  `format=` too, is a 400 naming it), `GET /q/NAME?key=value` (the same answer as a page
  with links, and in the same formats by `format=` or `Accept`),
  `GET /api/search?q=…` for autocomplete, `GET /api/openapi.json`.
- Python: `from claimgraph import Graph; Graph.open(url).query("deadlines", location="Pokrovsk")`.
"""


def markdown(catalog: Catalog) -> str:
    """The catalog documentation as Markdown."""
    parts = ["# Named queries\n",
             "<!-- generated by `python -m claimgraph.queries.docs`; do not edit by hand -->\n",
             "Questions that users ask of the graph, answered by named SPARQL queries that the "
             "CLI, the HTTP API, the web views and the Python API share.\n",
             "| query | parameters | title |", "|---|---|---|"]
    for q in catalog.list():
        params = ", ".join(p.name + ("" if p.required else "?") for p in q.params) or "—"
        parts.append(f"| [`{q.name}`](#{q.name}) | {params} | {q.title} |")
    parts.append("")
    for q in catalog.list():
        parts += [f"## {q.name}", "", f"**{q.title}.** {q.description}", ""]
        if q.params:
            parts += ["| parameter | type | | description |", "|---|---|---|---|"]
            for p in q.params:
                mode = "required" if p.required else (f"default `{p.default}`"
                                                      if p.default is not None else "optional")
                parts.append(f"| `{p.name}` | {p.type} | {mode} | {p.doc} |")
            parts.append("")
        else:
            parts += ["No parameters.", ""]
        parts += ["Columns: " + ", ".join(f"`{c}`" for c in q.columns) + ".", ""]
        example = " ".join(f"--param {k}={_quote(v)}" for k, v in q.example.items())
        query_string = "&".join(f"{k}={v.replace(' ', '+')}" for k, v in q.example.items())
        parts += ["Example:", "", "```",
                  f"claimgraph ask {q.name} {example}".rstrip(),
                  f"GET /api/queries/{q.name}" + (f"?{query_string}" if query_string else ""),
                  "```", ""]
    parts.append(FORMAT_DOC)
    return "\n".join(parts)


def _quote(value: str) -> str:
    return f"'{value}'" if " " in value else value


if __name__ == "__main__":
    print(markdown(Catalog.load()), end="")
