"""The YAML annotation format: read a file, check it, and report errors by file, line and field.

One annotation file describes one source document and what it says (see
``docs/annotation-format.md``). Checking happens in three steps, each of which stops the load with
an :class:`AnnotationError` naming the file, the line and the field:

1. YAML syntax, refusing tags, anchors and aliases (no alias bombs, no arbitrary objects);
2. the JSON Schema ``annotation.schema.json``;
3. the rules a schema cannot state: ids unique, references resolve to the right kind of entity,
   each statement's text occurs in the document text.

:func:`annotation_to_graph` then builds the RDF (``annotation_rdf``) and materializes the
interchange contract (``contract``).
"""

from __future__ import annotations

import datetime
import json
import math
import re
import sys
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import jsonschema
import yaml
from rdflib import Graph

MAX_FILE_BYTES = 20 * 1024 * 1024

ACTOR_TYPES = {"Person", "Organization", "State", "GovernmentBody", "IntelligenceService",
               "MilitaryUnit", "MediaOutlet", "ActorGroup"}
LOCATION_TYPES = {"Country", "Region", "City", "Axis", "River", "Area"}


class AnnotationError(ValueError):
    """An annotation file that cannot be loaded: where, and which rule it breaks."""

    def __init__(self, path: str | Path, message: str, line: int | None = None,
                 field: str | None = None) -> None:
        self.path = str(path)
        self.line = line
        self.field = field
        self.message = message
        where = self.path + (f":{line}" if line else "")
        super().__init__(f"{where}: {field + ': ' if field else ''}{message}")


@dataclass
class Annotation:
    """A checked annotation file: its data, and the line of every field for later messages."""

    path: Path
    data: dict[str, Any]
    lines: dict[tuple, int]

    def line_of(self, *field_path: Any) -> int | None:
        """The line of a field, or of its nearest enclosing field."""
        path = tuple(field_path)
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path[:-1]
        return None

    def error(self, message: str, *field_path: Any) -> AnnotationError:
        return AnnotationError(self.path, message, self.line_of(*field_path),
                               _dotted(field_path) if field_path else None)


class _StrictLoader(yaml.SafeLoader):
    """Safe YAML without timestamps (dates stay strings), anchors, aliases or custom tags."""

    def compose_node(self, parent: Any, index: Any) -> Any:  # type: ignore[override]
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise yaml.MarkedYAMLError("while composing", None,
                                       "aliases are not allowed in annotation files",
                                       event.start_mark)
        event = self.peek_event()
        if getattr(event, "anchor", None):
            raise yaml.MarkedYAMLError("while composing", None,
                                       "anchors are not allowed in annotation files",
                                       event.start_mark)
        return super().compose_node(parent, index)


_StrictLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}

_SURROGATE = re.compile("[\ud800-\udfff]")
_PLAIN_TAGS = {"tag:yaml.org,2002:str", "tag:yaml.org,2002:int", "tag:yaml.org,2002:float",
               "tag:yaml.org,2002:bool", "tag:yaml.org,2002:null"}


def _dotted(path: tuple) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _to_python(node: yaml.Node, loader: _StrictLoader, path: tuple,
               lines: dict[tuple, int], source: Path) -> Any:
    lines[path] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        out: dict[str, Any] = {}
        for key_node, value_node in node.value:
            key = _to_python(key_node, loader, path + ("<key>",), {}, source)
            if not isinstance(key, str):
                raise AnnotationError(source, f"keys must be strings, not {key!r}",
                                      key_node.start_mark.line + 1, _dotted(path) or None)
            if key in out:
                raise AnnotationError(source, f"duplicate key {key!r}",
                                      key_node.start_mark.line + 1, _dotted(path + (key,)))
            out[key] = _to_python(value_node, loader, path + (key,), lines, source)
        return out
    if isinstance(node, yaml.SequenceNode):
        return [_to_python(item, loader, path + (i,), lines, source)
                for i, item in enumerate(node.value)]
    if node.tag not in _PLAIN_TAGS:
        raise AnnotationError(source, f"YAML tag {node.tag!r} is not allowed",
                              node.start_mark.line + 1, _dotted(path) or None)
    try:
        value = loader.construct_object(node, deep=True)
    except ValueError:  # an integer longer than Python reads (sys.get_int_max_str_digits)
        raise AnnotationError(source, f"a number of {len(node.value):,} digits is too long: "
                              f"expected at most {sys.get_int_max_str_digits():,} digits",
                              node.start_mark.line + 1, _dotted(path) or None) from None
    surrogate = _SURROGATE.search(value) if isinstance(value, str) else None
    if surrogate:  # from a "\ud800" escape: no RDF literal or IRI can hold it
        raise AnnotationError(source, f"{value!r} holds a lone surrogate "
                              f"(\\u{ord(surrogate.group()):04x}), which is not a character; "
                              "write a character beyond U+FFFF as \\UXXXXXXXX",
                              node.start_mark.line + 1, _dotted(path) or None)
    return value


def read_yaml(path: Path) -> tuple[dict[str, Any], dict[tuple, int]]:
    """Parse an annotation file strictly; return the data and the line of every field."""
    if not path.exists():
        raise AnnotationError(path, "no such file")
    if not path.is_file():
        raise AnnotationError(path, "not a regular file")
    size = path.stat().st_size
    if size == 0:
        raise AnnotationError(path, "the file is empty; expected a claimgraph annotation")
    if size > MAX_FILE_BYTES:
        raise AnnotationError(path, f"the file is {size} bytes, over the limit of "
                                    f"{MAX_FILE_BYTES} bytes for an annotation file")
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[:exc.start].count(b"\n") + 1
        raise AnnotationError(path, f"not valid UTF-8 (byte {exc.start}); annotation files "
                                    "must be UTF-8", line) from None
    loader = _StrictLoader(text)
    try:
        node = loader.get_single_node()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        raise AnnotationError(path, f"invalid YAML: {exc.problem or exc.context}",
                              mark.line + 1 if mark else None) from None
    except yaml.YAMLError as exc:
        raise AnnotationError(path, f"invalid YAML: {exc}") from None
    finally:
        loader.dispose()
    if node is None:
        raise AnnotationError(path, "the file holds no YAML document")
    lines: dict[tuple, int] = {}
    data = _to_python(node, loader, (), lines, path)
    if not isinstance(data, dict):
        raise AnnotationError(path, "expected a mapping with format, document and statements", 1)
    return data, lines


@lru_cache(maxsize=1)
def schema() -> dict[str, Any]:
    """The JSON Schema of the annotation format."""
    text = resources.files("claimgraph.graph").joinpath("annotation.schema.json").read_text("utf-8")
    return json.loads(text)


def _finite_number(checker: jsonschema.TypeChecker, instance: Any) -> bool:
    # YAML has .nan and .inf, JSON has not: the schema's minimum and maximum let NaN through
    return jsonschema.Draft202012Validator.TYPE_CHECKER.is_type(instance, "number") and (
        not isinstance(instance, float) or math.isfinite(instance))


# The schema's validator, with "number" meaning a finite number (every numeric field)
_SchemaValidator = jsonschema.validators.extend(
    jsonschema.Draft202012Validator,
    type_checker=jsonschema.Draft202012Validator.TYPE_CHECKER.redefine("number", _finite_number))


def _check_schema(annotation: Annotation) -> None:
    validator = _SchemaValidator(schema())
    errors = sorted(validator.iter_errors(annotation.data),
                    key=lambda e: (annotation.line_of(*e.absolute_path) or 0, list(e.absolute_path)))
    if errors:
        first = errors[0]
        path = list(first.absolute_path)
        if first.validator == "additionalProperties" and isinstance(first.instance, dict):
            allowed = set(first.schema.get("properties", {}))
            path += sorted(k for k in first.instance if k not in allowed)[:1]
        more = f" (and {len(errors) - 1} more problems)" if len(errors) > 1 else ""
        raise annotation.error(_schema_message(first) + more, *path)


def _schema_message(error: jsonschema.ValidationError) -> str:
    if error.validator == "additionalProperties":
        return f"{error.message}; see docs/annotation-format.md for the allowed fields"
    if isinstance(error.instance, float) and not math.isfinite(error.instance):
        low, high = error.schema.get("minimum"), error.schema.get("maximum")
        kind = "a whole number" if error.schema.get("type") == "integer" else "a number"
        if low is not None and high is not None:
            kind += f" from {low:g} to {high:g}"
        elif low is not None:
            kind += f" of at least {low:g}"
        return f"{error.instance} is not a number: expected {kind}"
    if error.validator == "pattern" and isinstance(error.instance, str):
        return f"{error.instance!r} does not have the expected form ({error.schema.get('description') or error.validator_value})"
    return error.message


def _check_references(annotation: Annotation) -> None:
    data = annotation.data
    kinds: dict[str, str] = {}
    for section in ("actors", "locations", "communications", "negotiations", "operations",
                    "statements"):
        for i, item in enumerate(data.get(section, [])):
            if item["id"] in kinds:
                raise annotation.error(f"id {item['id']!r} is declared twice", section, i, "id")
            kinds[item["id"]] = _kind_of(section, item)
    for i, statement in enumerate(data.get("statements", [])):
        for j, claim in enumerate(statement.get("asserts", [])):
            if claim["id"] in kinds:
                raise annotation.error(f"id {claim['id']!r} is declared twice",
                                       "statements", i, "asserts", j, "id")
            kinds[claim["id"]] = "claim"

    def expect(value: str, allowed: set[str], *field_path: Any) -> None:
        kind = kinds.get(value)
        if kind is None:
            raise annotation.error(f"unknown reference {value!r}: declare it in actors, "
                                   "locations, negotiations, operations or statements", *field_path)
        if kind not in allowed:
            raise annotation.error(f"{value!r} is a {kind}, expected "
                                   + " or ".join(sorted(allowed)), *field_path)

    actor, place = {"actor", "state"}, {"location", "state"}
    anything = {"actor", "state", "location", "communication", "negotiation", "operation",
                "statement", "claim"}
    doc = data["document"]
    if "publisher" in doc:
        expect(doc["publisher"], actor, "document", "publisher")
    for j, author in enumerate(doc.get("authors", [])):
        expect(author, actor, "document", "authors", j)
    for i, item in enumerate(data.get("actors", [])):
        for j, ref in enumerate(item.get("member_of", [])):
            expect(ref, actor, "actors", i, "member_of", j)
        for j, role in enumerate(item.get("roles", [])):
            if "organization" in role:
                expect(role["organization"], actor, "actors", i, "roles", j, "organization")
        if "located_in" in item:
            expect(item["located_in"], place, "actors", i, "located_in")
    for i, item in enumerate(data.get("locations", [])):
        if "located_in" in item:
            expect(item["located_in"], place, "locations", i, "located_in")
        for j, ref in enumerate(item.get("adjacent_to", [])):
            expect(ref, place, "locations", i, "adjacent_to", j)
    for i, item in enumerate(data.get("communications", [])):
        for key in ("interviewee", "broadcaster"):
            if key in item:
                expect(item[key], actor, "communications", i, key)
    for i, item in enumerate(data.get("negotiations", [])):
        for key in ("parties", "mediators"):
            for j, ref in enumerate(item.get(key, [])):
                expect(ref, actor, "negotiations", i, key, j)
        for j, position in enumerate(item.get("positions", [])):
            expect(position["party"], actor, "negotiations", i, "positions", j, "party")
    for i, item in enumerate(data.get("operations", [])):
        expect(item["conducted_by"], actor, "operations", i, "conducted_by")
        for key, allowed in (("axes", place), ("targets", place),
                             ("aims_to_influence", {"negotiation"})):
            for j, ref in enumerate(item.get(key, [])):
                expect(ref, allowed, "operations", i, key, j)
    text = doc["text"]
    # a statement's IRI is minted from its speaker, text and occurrence (docs/annotation-format.md)
    identities: dict[tuple, int] = {}
    for i, st in enumerate(data.get("statements", [])):
        expect(st["speaker"], actor, "statements", i, "speaker")
        first = identities.setdefault((st["speaker"], st["text"], st.get("occurrence", 1)), i)
        if first != i:
            where = annotation.line_of("statements", first)
            raise annotation.error(
                f"statement {st['id']!r} has the same speaker, text and "
                f"occurrence as statement {data['statements'][first]['id']!r} "
                f"(statements[{first}]{f', line {where}' if where else ''}): they are one "
                "statement, one reporting event; merge them, or, if the words occur again in "
                "document.text, say which with `occurrence`", "statements", i)
        for key, allowed in (("about", anything), ("reports", {"statement"}),
                             ("reported_by", {"statement"}), ("disputes", {"statement"}),
                             ("supports", {"statement"}), ("contradicts", {"statement"}),
                             ("aims_to_influence", {"negotiation"}),
                             ("evidence_for", {"claim"}), ("evidence_against", {"claim"})):
            for j, ref in enumerate(st.get(key, [])):
                expect(ref, allowed, "statements", i, key, j)
                if ref == st["id"] and key != "about":
                    raise annotation.error("a statement cannot refer to itself",
                                           "statements", i, key, j)
        if "channel" in st:
            expect(st["channel"], {"communication"}, "statements", i, "channel")
        for j, claim in enumerate(st.get("asserts", [])):
            for key, allowed in (("party", actor), ("set_by", actor), ("location", place)):
                if key in claim:
                    expect(claim[key], allowed, "statements", i, "asserts", j, key)
        occurrences = text.count(st["text"])
        wanted = st.get("occurrence", 1)
        if occurrences < wanted:
            found = "does not occur" if occurrences == 0 else f"occurs only {occurrences} times"
            raise annotation.error(f"the statement text {found} in document.text; it must be "
                                   "copied exactly from the document", "statements", i, "text")


DATE_FIELDS = {"start", "end", "date", "date_published", "date_said", "due", "valid_at"}


def _check_dates(annotation: Annotation, value: Any, path: tuple) -> None:
    """Dates that have the right form but do not exist (2025-02-30) are refused too."""
    if isinstance(value, dict):
        for key, item in value.items():
            if key in DATE_FIELDS and isinstance(item, str) and len(item) == 10:
                try:
                    datetime.date.fromisoformat(item)
                except ValueError:
                    raise annotation.error(f"{item!r} is not a valid calendar date "
                                           "(expected YYYY-MM-DD)", *path, key) from None
            else:
                _check_dates(annotation, item, path + (key,))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            _check_dates(annotation, item, path + (i,))


def _kind_of(section: str, item: dict[str, Any]) -> str:
    if section == "actors":
        return "state" if item["type"] == "State" else "actor"
    return {"locations": "location", "communications": "communication",
            "negotiations": "negotiation", "operations": "operation",
            "statements": "statement"}[section]


def read_annotation(path: str | Path) -> Annotation:
    """Read and check an annotation file; raise AnnotationError naming file, line and field."""
    path = Path(path)
    data, lines = read_yaml(path)
    annotation = Annotation(path, data, lines)
    _check_schema(annotation)
    _check_dates(annotation, annotation.data, ())
    _check_references(annotation)
    return annotation


def annotation_to_graph(path: str | Path) -> tuple[str, Graph]:
    """Read, check and convert an annotation file: its named-graph IRI and its triples,
    with the interchange contract materialized."""
    from claimgraph.graph.annotation_rdf import annotation_rdf
    from claimgraph.graph.contract import materialize

    annotation = read_annotation(path)
    graph_iri, graph = annotation_rdf(annotation.data)
    return graph_iri, materialize(graph)


def bundled_annotations() -> list[Path]:
    """The annotation files shipped with the package (the seed article)."""
    folder = resources.files("claimgraph.graph").joinpath("data")
    return sorted(Path(str(p)) for p in folder.iterdir() if p.name.endswith(".yaml"))
