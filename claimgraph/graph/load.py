"""Load annotation files (YAML) and RDF files into a store, one named graph per source document.

Each file is checked completely before anything is written (size, encoding, XML safety, syntax,
the annotation's JSON Schema and references, SHACL when ``claimgraph.ontology.shapes`` exists) and
then written in one transaction that replaces the graphs the file names, so reloading a file
changes nothing else. In a batch, good files load and bad ones are reported with file, line and
reason. A file may not write a graph that claimgraph derives or keeps itself (the claim ledger,
the watches, a staging graph: claimgraph.graph.reserved), nor one that an earlier file of the
same batch wrote: the later would silently replace the earlier. Nor may it state the claim
ledger's own terms (its properties and classes) in any other graph than the ledger's.

RDF files go to the named graph ``file://ABSOLUTE-PATH`` unless they are N-Quads, TriG or
JSON-LD that name their own graphs (their triples outside a graph go there too): the file's own
IRI, so that loading it again replaces that graph, also in a store an earlier version loaded;
the server's Graph Store and /update may name a graph the store holds whatever its scheme
(docs/security.md). Files up to STREAM_BYTES get the interchange contract materialized
(``claimgraph.graph.contract.materialize``; not in the reserved graphs of a restored dump, which
are written as they were dumped) and SHACL validation; larger RDF files stream straight
into the store in bounded memory (as written: no materialization, no SHACL, which would need the
whole file in memory), with a warning saying so.
"""

from __future__ import annotations

import codecs
import importlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Mapping

import pyoxigraph as ox
from rdflib import Graph

from claimgraph.graph.backends.terms import (check_literal, format_of, graphs_as_quads,
                                             stream_quads, to_rdflib)
from claimgraph.graph.reserved import (STAGING_REASON, LedgerTerms, is_reserved, line_of,
                                       reserved_graphs)
from claimgraph.graph.store import (STAGING_PREFIX, RefusedGraphError, RefusedTripleError, Store,
                                    StoreError)
from claimgraph.graph.xmlcheck import XmlRefused, check_rdf_xml

ANNOTATION_SUFFIXES = {".yaml", ".yml"}
RDF_SUFFIXES = {".ttl": "text/turtle", ".turtle": "text/turtle", ".nt": "application/n-triples",
                ".nq": "application/n-quads", ".trig": "application/trig",
                ".jsonld": "application/ld+json", ".json": "application/ld+json",
                ".rdf": "application/rdf+xml", ".owl": "application/rdf+xml",
                ".xml": "application/rdf+xml"}
# The syntaxes whose parser reads a UTF-8 byte-order mark as text (JSON-LD and XML skip it)
BOM_REFUSED = {"text/turtle", "application/trig", "application/n-triples", "application/n-quads"}
MAX_BYTES = 4 * 1024 ** 3
MAX_ANNOTATION_BYTES = 20 * 1024 ** 2
STREAM_BYTES = 16 * 1024 ** 2
ANNOTATION_FORMAT = "claimgraph-annotation/"

Validator = Callable[[Graph], list[str]]
ProgressFactory = Callable[[Path], Callable[..., None] | None]


@dataclass
class LoadError(Exception):
    """A file that cannot be loaded: where, and why."""

    path: Path
    message: str
    line: int | None = None

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else str(self.path)
        return f"{where}: {self.message}"


@dataclass
class FileReport:
    """What happened to one file: the graphs written (name -> triples), or the error."""

    path: Path
    graphs: dict[str, int] = field(default_factory=dict)
    error: LoadError | None = None
    warnings: list[str] = field(default_factory=list)


def shacl_validators() -> list[Validator]:
    """``claimgraph.ontology.shapes.validate`` when that module exists, else nothing."""
    try:
        module = importlib.import_module("claimgraph.ontology.shapes")
    except ModuleNotFoundError as error:
        if error.name in ("claimgraph.ontology.shapes", "claimgraph.ontology"):
            return []
        raise
    return [module.validate]


def collect(paths: Iterable[str | Path]) -> tuple[list[Path], list[LoadError]]:
    """The loadable files under ``paths`` (folders recursively, sorted), and the bad paths.

    Symbolic links inside a folder that point outside it are skipped with an error; a folder
    that holds no loadable file is an error; a file given twice (by two paths, or in a folder
    and by name) is collected once.
    """
    files: list[Path] = []
    errors: list[LoadError] = []
    seen: set[Path] = set()
    for given in map(Path, paths):
        if given.is_dir():
            root = given.resolve()
            found = 0
            for path in sorted(p for p in given.rglob("*") if p.is_file()):
                if path.suffix.lower() not in ANNOTATION_SUFFIXES | set(RDF_SUFFIXES):
                    continue
                found += 1
                if not path.resolve().is_relative_to(root):
                    errors.append(LoadError(path, "symbolic link out of the folder; skipped"))
                    continue
                if path.resolve() not in seen:
                    seen.add(path.resolve())
                    files.append(path)
            if not found:  # a mistyped folder must not pass a CI step in silence
                errors.append(LoadError(given, "no loadable files in the folder: expected "
                                        "annotations (.yaml) or RDF ("
                                        + ", ".join(sorted(RDF_SUFFIXES)) + ")"))
        elif given.is_file():
            if given.resolve() not in seen:
                seen.add(given.resolve())
                files.append(given)
        elif given.exists():
            errors.append(LoadError(given, "not a regular file or folder"))
        else:
            errors.append(LoadError(given, "no such file or folder"))
    return files, errors


def _json_object(path: Path) -> dict | None:
    """The top-level object of a ``.json`` file small enough to be an annotation, or None (too
    large, not JSON, not an object): read to tell an annotation from JSON-LD."""
    import json

    try:
        if path.stat().st_size > MAX_ANNOTATION_BYTES:
            return None
        with open(path, "rb") as handle:
            data = json.load(handle)
    except (OSError, ValueError, RecursionError):
        return None
    return data if isinstance(data, dict) else None


def _is_annotation(data: dict | None) -> bool:
    return (data is not None and "@context" not in data
            and str(data.get("format", "")).startswith(ANNOTATION_FORMAT))


def media_type_of(path: Path) -> str:
    """``annotation`` or the RDF media type for a file, from its suffix; a ``.json`` file is an
    annotation when it says so (``"format": "claimgraph-annotation/1"``: JSON is YAML), else
    JSON-LD."""
    suffix = path.suffix.lower()
    if suffix in ANNOTATION_SUFFIXES or (suffix == ".json" and _is_annotation(_json_object(path))):
        return "annotation"
    if suffix in RDF_SUFFIXES:
        return RDF_SUFFIXES[suffix]
    raise LoadError(path, f"unknown file type {suffix or '(no suffix)'!r}: expected an annotation "
                    f"(.yaml) or RDF ({', '.join(sorted(RDF_SUFFIXES))})")


def file_graph_iri(path: Path) -> str:
    """The named graph of an RDF file that names none: its absolute ``file://`` IRI."""
    return path.resolve().as_uri()


def _check_size(path: Path, limit: int) -> int:
    size = path.stat().st_size
    if size == 0:
        raise LoadError(path, "file is empty")
    if size > limit:
        raise LoadError(path, f"file is {size:,} bytes, over the limit of {limit:,} bytes")
    return size


def _check_utf8(path: Path) -> None:
    decoder = codecs.getincrementaldecoder("utf-8")()
    offset, line = 0, 1
    with open(path, "rb") as handle:
        while chunk := handle.read(1 << 20):
            try:
                decoder.decode(chunk)
            except UnicodeDecodeError as error:
                position = offset + error.start
                line += chunk[:error.start].count(b"\n")
                raise LoadError(path, f"not valid UTF-8 (byte {position:,}: {error.reason}); "
                                "save the file as UTF-8", line) from None
            offset += len(chunk)
            line += chunk.count(b"\n")
        try:
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            raise LoadError(path, "not valid UTF-8: the file ends inside a character", line)


def _check_xml(path: Path) -> None:
    try:
        with open(path, "rb") as handle:
            check_rdf_xml(handle)
    except XmlRefused as error:
        raise LoadError(path, error.reason, error.line) from None


def _syntax_error(path: Path, error: SyntaxError) -> LoadError:
    import re

    found = re.search(r"line (\d+)", str(error))
    return LoadError(path, f"RDF syntax error: {error}", int(found.group(1)) if found else None)


def check_rdf_file(path: Path, media_type: str) -> int:
    """The checks an RDF file passes before it is parsed; return its size. The size limit;
    RDF/XML without a DTD or entities (no XXE, no billion laughs); UTF-8 for a file up to
    STREAM_BYTES (a larger one is checked as it streams)."""
    size = _check_size(path, MAX_BYTES)
    if media_type == "application/rdf+xml":
        _check_xml(path)
    elif size <= STREAM_BYTES:
        _check_utf8(path)
    if media_type in BOM_REFUSED:
        with open(path, "rb") as handle:
            if handle.read(len(codecs.BOM_UTF8)) == codecs.BOM_UTF8:
                raise LoadError(path, "the file starts with a UTF-8 byte-order mark (U+FEFF), "
                                "which the Turtle, TriG, N-Triples and N-Quads parsers read as "
                                "text: save the file as UTF-8 without a BOM", 1)
    return size


def read_rdf(path: Path, media_type: str, terms: LedgerTerms | None = None) -> dict[str, Graph]:
    """Parse a (small) RDF file into one rdflib graph per named graph, with Oxigraph's parsers,
    which fetch nothing (a remote or ``file:`` JSON-LD context is an error); the file must have
    passed :func:`check_rdf_file`. With ``terms``, a ledger's term outside its graph is an
    error naming the line."""
    default = file_graph_iri(path)
    graphs: dict[str, Graph] = {}
    try:
        with open(path, "rb") as handle:
            for quad in ox.parse(handle, format=format_of(media_type), base_iri=default):
                check_literal(quad.object)
                name = quad.graph_name.value if type(quad.graph_name) is ox.NamedNode else default
                if terms is not None and terms.refusal(quad.predicate.value, quad.object,
                                                       name) is not None:
                    terms(ox.Quad(quad.subject, quad.predicate, quad.object, ox.NamedNode(name)))
                graph = graphs.get(name)
                if graph is None:
                    graph = graphs[name] = Graph()
                graph.add((to_rdflib(quad.subject), to_rdflib(quad.predicate),
                           to_rdflib(quad.object)))
    except SyntaxError as error:
        raise _syntax_error(path, error) from None
    except RefusedTripleError as error:
        raise _refused_triple(path, media_type, error) from None
    except StoreError as error:
        raise LoadError(path, str(error)) from None
    if not graphs:
        raise LoadError(path, "file holds no triples" + (
            _no_json_ld(path) if media_type == "application/ld+json" else ""))
    return graphs


def _refused_triple(path: Path, media_type: str, error: RefusedTripleError) -> LoadError:
    return LoadError(path, error.reason,
                     line_of(path, media_type, error.quad, file_graph_iri(path)))


def _no_json_ld(path: Path) -> str:
    """Why a JSON file read as JSON-LD may hold no triples, and what it may be instead."""
    data = _json_object(path)
    hint = (f": read as JSON-LD (by its suffix {path.suffix}), where keys without an "
            "\"@context\" state nothing. A claimgraph annotation (YAML, or JSON) says "
            f"\"format\": \"{ANNOTATION_FORMAT}1\" (docs/annotation-format.md)")
    if data is not None and "statements" in data and "doc" in data:
        hint += ("; this file looks like an extraction gold or prediction file "
                 "(shared/eval/README.md), which score.py scores and claimgraph does not load")
    return hint


def prepare(path: Path, validators: list[Validator]) -> dict[str, Graph] | None:
    """Check a file completely and build its graphs; None means too large: stream it. The
    reserved graphs (a dump's ledger and watches) are not materialized: they are restored as
    claimgraph wrote them."""
    media_type = media_type_of(path)
    if media_type == "annotation":
        from claimgraph.graph.annotation import AnnotationError, annotation_to_graph

        _check_size(path, MAX_ANNOTATION_BYTES)
        try:
            name, graph = annotation_to_graph(path)
        except AnnotationError as error:
            field = f"{error.field}: " if error.field else ""
            raise LoadError(path, field + error.message, error.line) from None
        graphs = {name: graph}
    else:
        if check_rdf_file(path, media_type) > STREAM_BYTES:
            return None
        from claimgraph.graph.contract import materialize

        graphs = {name: graph if is_reserved(name) else materialize(graph)
                  for name, graph in read_rdf(path, media_type, LedgerTerms()).items()}
    _check_shapes(path, graphs, validators)
    return graphs


def _check_shapes(path: Path, graphs: dict[str, Graph], validators: list[Validator]) -> None:
    """Check each graph against the shapes on its own; when one fails and the file has other
    graphs, check them all together: a document graph may refer to what another graph of the
    same file describes (a shared gazetteer beside the articles, as `claimgraph bench generate`
    writes), and the store will hold them together."""
    for name, graph in graphs.items():
        problems = [problem for validate in validators for problem in validate(graph)]
        if not problems:
            continue
        if len(graphs) == 1:
            raise LoadError(path, f"graph <{name}> breaks the shapes: " + "; ".join(problems))
        together = Graph()
        for each in graphs.values():
            together += each
        joint = [problem for validate in validators for problem in validate(together)]
        if joint:
            raise LoadError(path, f"its {len(graphs)} graphs, checked together (graph <{name}> "
                            "does not pass alone), break the shapes: " + "; ".join(joint))
        return


def load_file(store: Store | None, path: Path, *, validators: list[Validator],
              progress: Callable[..., None] | None = None,
              taken: Mapping[str, str] | None = None,
              before_write: Callable[[], None] | None = None) -> FileReport:
    """Check one file and, unless ``store`` is None (validate only), write it in one transaction.

    ``taken`` maps graphs the file may not write to what they are (for the error); by default,
    the reserved graphs. ``before_write`` is called before what the file writes can be read (a
    file too large to hold is checked as it is written, so it may then still be refused)."""
    report = FileReport(path)
    taken = reserved_graphs() if taken is None else taken
    try:
        graphs = prepare(path, validators)
        if graphs is None:
            report.warnings.append(f"{path}: over {STREAM_BYTES:,} bytes: streamed as written, "
                                   "without contract materialization or SHACL validation")
            if store is None:
                report.graphs = _stream_check(path, taken)
            else:
                report.graphs = store.load_file(str(path), media_type_of(path),
                                                default_graph=file_graph_iri(path),
                                                base_iri=file_graph_iri(path), progress=progress,
                                                refuse=list(taken), check=LedgerTerms(),
                                                before_visible=before_write)
        else:
            for name in graphs:
                if name in taken or name.startswith(STAGING_PREFIX):
                    raise RefusedGraphError(name)
            if store is None:
                # every term converted as a store's write converts it: what load refuses, so
                # does validate
                for _ in graphs_as_quads(graphs):
                    pass
                report.graphs = {name: len(graph) for name, graph in graphs.items()}
            else:
                if before_write is not None:
                    before_write()
                report.graphs = store.replace_graphs(graphs)
    except RefusedGraphError as error:
        reason = (STAGING_REASON if error.graph.startswith(STAGING_PREFIX)
                  else taken.get(error.graph, "it may not write"))
        report.error = LoadError(path, f"refused: it writes graph <{error.graph}>, which {reason}")
    except RefusedTripleError as error:
        report.error = _refused_triple(path, media_type_of(path), error)
    except LoadError as error:
        report.error = error
    except SyntaxError as error:
        report.error = _syntax_error(path, error)
    except (StoreError, OSError, ValueError) as error:
        report.error = LoadError(path, str(error))
    except Exception as error:  # a checker failing on this file must not end the batch
        report.error = LoadError(path, "the file could not be checked, and was not loaded: "
                                 f"{type(error).__name__}: {error}")
    return report


def _stream_check(path: Path, taken: Mapping[str, str]) -> dict[str, int]:
    """Check a file too large to hold as ``load_file`` would stream it; the triples each of its
    graphs would hold."""
    counts: dict[str, int] = {}
    try:
        for quad in stream_quads(path, media_type_of(path), default_graph=file_graph_iri(path),
                                 base_iri=file_graph_iri(path), refuse=list(taken),
                                 check=LedgerTerms()):
            counts[quad.graph_name.value] = counts.get(quad.graph_name.value, 0) + 1
    except SyntaxError as error:
        raise _syntax_error(path, error) from None
    return counts


def load_paths(store: Store | None, paths: Iterable[str | Path], *,
               validators: list[Validator] | None = None,
               progress: ProgressFactory | None = None,
               allow_reserved: bool = False,
               before_write: Callable[[], None] | None = None) -> list[FileReport]:
    """Load (or, with ``store=None``, only check) every file under ``paths``, each on its own;
    a file may write the reserved graphs only when ``allow_reserved`` (restoring a dump).
    ``before_write`` is called once, before the first write (see ``load_file``)."""
    if validators is None:
        validators = shacl_validators()
    files, errors = collect(paths)
    reports = [FileReport(error.path, error=error) for error in errors]
    taken = {} if allow_reserved else reserved_graphs()
    pending = [before_write] if before_write is not None else []

    def first_write() -> None:
        while pending:
            pending.pop()()

    for path in files:
        report = load_file(store, path, validators=validators,
                           progress=progress(path) if progress else None, taken=taken,
                           before_write=first_write)
        reports.append(report)
        for name in report.graphs:
            taken[name] = (f"{path} of this batch writes too: two files of one batch may not "
                           "write the same graph (the later would silently replace the earlier)")
    return reports
