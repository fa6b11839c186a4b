"""The annotation format: the seed converts, and bad files are refused with file, line and rule."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from rdflib import Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import OWL, RDF, RDFS

from claimgraph.graph.annotation import AnnotationError, annotation_to_graph, read_annotation

CG = "https://w3id.org/claimgraph/ontology#"
ID = "https://w3id.org/claimgraph/id/"
SEED_TEXT = Path(__file__).resolve().parents[3] / "shared" / "seeds" / "000_bb1226cbc1a1ccb8.txt"

MINIMAL = """\
format: claimgraph-annotation/1
document:
  id: test-doc
  type: NewsArticle
  headline: A test
  publisher: gazette
  text: "Alice said that the bridge at Riverton is closed."
actors:
  - {id: alice, type: Person, name: Alice Example}
  - {id: gazette, type: MediaOutlet, name: The Gazette}
locations:
  - {id: riverton, type: City, name: Riverton}
statements:
  - id: s1
    speaker: alice
    cue: said
    kind: claim
    text: "Alice said that the bridge at Riverton is closed."
    about: [riverton]
"""


def write(tmp_path: Path, text: str, name: str = "doc.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_seed_text_is_the_shared_article(seed_path):
    data = read_annotation(seed_path).data
    if SEED_TEXT.exists():
        assert data["document"]["text"] == SEED_TEXT.read_text(encoding="utf-8")


def test_seed_converts_with_stable_iris(seed_path, seed_graph):
    graph_iri, graph = seed_graph
    assert graph_iri == ID + "document/tsn-2972918-malomuzh-six-axes"
    again_iri, again = annotation_to_graph(seed_path)
    assert again_iri == graph_iri and isomorphic(graph, again)
    putin = URIRef(ID + "person/vladimir-putin")
    assert (putin, OWL.sameAs, URIRef("http://www.wikidata.org/entity/Q7747")) in graph
    assert (putin, RDFS.label, Literal("Vladimir Putin", lang="en")) in graph


def test_every_statement_span_points_into_the_text(seed_graph):
    _, graph = seed_graph
    doc_text = str(next(graph.objects(None, URIRef(CG + "fullText"))))
    rows = list(graph.query("""
        PREFIX oa: <http://www.w3.org/ns/oa#> PREFIX cg: <https://w3id.org/claimgraph/ontology#>
        SELECT ?text ?exact ?start ?end WHERE {
          ?s cg:text ?text ; cg:span ?span . ?span oa:hasSelector ?q, ?p .
          ?q oa:exact ?exact . ?p oa:start ?start ; oa:end ?end }"""))
    assert len(rows) == 16
    for text, exact, start, end in rows:
        assert str(text) == str(exact) == doc_text[int(start):int(end)]


def test_deadline_count_is_data(seed_graph):
    _, graph = seed_graph
    counts = {int(o) for o in graph.objects(None, URIRef(CG + "deadlineCount"))}
    assert counts == {16}


def test_former_role_is_data(seed_graph):
    _, graph = seed_graph
    malomuzh = URIRef(ID + "person/mykola-malomuzh")
    roles = {str(graph.value(r, URIRef(CG + "roleTitle"))): graph.value(r, URIRef(CG + "isCurrent"))
             for r in graph.objects(malomuzh, URIRef(CG + "holdsRole"))}
    assert roles["Chief of the Foreign Intelligence Service"].toPython() is False
    assert roles["Army General"].toPython() is True


def test_minimal_file_loads_and_types_follow_the_ontology(tmp_path):
    iri, graph = annotation_to_graph(write(tmp_path, MINIMAL))
    alice = URIRef(ID + "person/alice")
    assert (alice, RDF.type, URIRef("http://xmlns.com/foaf/0.1/Person")) in graph
    assert (alice, RDF.type, URIRef("http://xmlns.com/foaf/0.1/Agent")) in graph
    assert iri == ID + "document/test-doc"


BAD_FILES = [
    ("malformed YAML", MINIMAL.replace("headline: A test", "headline: [A test"), 6, "invalid YAML"),
    ("unknown speaker", MINIMAL.replace("speaker: alice", "speaker: bob"), 15, "unknown reference 'bob'"),
    ("speaker is a place", MINIMAL.replace("speaker: alice", "speaker: riverton"), 15, "expected actor"),
    ("invalid date", MINIMAL.replace("  type: NewsArticle", "  type: NewsArticle\n  date_published: 2025-02-30"), 5, "not a valid calendar date"),
    ("date of wrong form", MINIMAL.replace("  type: NewsArticle", "  type: NewsArticle\n  date_published: 25/11/2025"), 5, "expected form"),
    ("month alone", MINIMAL.replace("  type: NewsArticle", "  type: NewsArticle\n  date_published: 2025-11"), 5, "A day, YYYY-MM-DD"),
    ("year said", MINIMAL.replace("    cue: said", "    cue: said\n    date_said: \"2025\""), 17, "A day, YYYY-MM-DD"),
    ("URL with spaces", MINIMAL.replace("  type: NewsArticle", "  type: NewsArticle\n  url: http://example.org/a b"), 5, "expected form"),
    ("id with spaces", MINIMAL.replace("{id: alice,", "{id: alice smith,"), 9, "expected form"),
    ("text not in document", MINIMAL.replace('    text: "Alice said that the bridge', '    text: "Alice said the bridge'), 18, "does not occur"),
    ("unknown field", MINIMAL.replace("    cue: said", "    cue: said\n    speakr: alice"), 17, "allowed fields"),
    ("unknown kind", MINIMAL.replace("kind: claim", "kind: rumour"), 17, "is not one of"),
    ("duplicate id", MINIMAL.replace("{id: riverton,", "{id: alice,"), 12, "declared twice"),
    ("python tag", MINIMAL.replace("headline: A test", "headline: !!python/object:os.system ls"), 5, "not allowed"),
    ("alias", MINIMAL.replace("headline: A test", "headline: &h A test").replace("cue: said", "cue: *h"), 5, "not allowed"),
    ("duplicate key", MINIMAL.replace("  headline: A test", "  headline: A test\n  headline: B"), 6, "duplicate key"),
    # YAML's .nan passed the schema's minimum and maximum, and crashed SHACL (or was stored)
    ("NaN confidence", MINIMAL.replace("    cue: said", "    cue: said\n    confidence: .nan"), 17,
     "statements[0].confidence: nan is not a number: expected a number from 0 to 1"),
    ("NaN actor confidence", MINIMAL.replace("name: Alice Example}", "name: Alice Example, confidence: .NaN}"), 9,
     "actors[0].confidence: nan is not a number: expected a number from 0 to 1"),
    ("NaN latitude", MINIMAL.replace("name: Riverton}", "name: Riverton, coordinates: {lat: .nan, long: 1}}"), 12,
     "locations[0].coordinates.lat: nan is not a number: expected a number from -90 to 90"),
    ("infinite longitude", MINIMAL.replace("name: Riverton}", "name: Riverton, coordinates: {lat: 1, long: -.inf}}"), 12,
     "locations[0].coordinates.long: -inf is not a number: expected a number from -180 to 180"),
    # optional in the schema and the docs, required by the contract shapes: load refused it
    ("no publisher", MINIMAL.replace("  publisher: gazette\n", ""), 3,
     "document: 'publisher' is a required property"),
    # validate said "valid" for these, and load refused them with no line or field
    ("dbpedia with >", MINIMAL.replace("name: Riverton}", "name: Riverton, dbpedia: 'River>ton'}"), 12,
     "locations[0].dbpedia: 'River>ton' does not have the expected form (A DBpedia resource name"),
    ("dbpedia with DEL", MINIMAL.replace("name: Riverton}", 'name: Riverton, dbpedia: "River\\x7fton"}'), 12,
     "locations[0].dbpedia: 'River\\x7fton' does not have the expected form"),
    ("URL with a control character", MINIMAL.replace("  type: NewsArticle", '  type: NewsArticle\n  url: "http://example.org/\\x01"'), 5,
     "document.url: 'http://example.org/\\x01' does not have the expected form (An http(s) URL"),
    ("lone surrogate", MINIMAL.replace("name: Alice Example}", 'name: "Alice \\ud800"}'), 9,
     "actors[0].name: 'Alice \\ud800' holds a lone surrogate (\\ud800), which is not a character"),
    ("number of 5,000 digits", MINIMAL.replace("    cue: said", "    cue: said\n    occurrence: 1" + "0" * 4999), 17,
     "statements[0].occurrence: a number of 5,000 digits is too long: expected at most 4,300 digits"),
]


@pytest.mark.parametrize("name,text,line,expected", BAD_FILES, ids=[b[0] for b in BAD_FILES])
def test_bad_files_are_refused_with_file_line_and_rule(tmp_path, name, text, line, expected):
    path = write(tmp_path, text)
    with pytest.raises(AnnotationError) as caught:
        annotation_to_graph(path)
    error = caught.value
    assert error.path == str(path)
    assert expected in str(error), str(error)
    assert error.line == line, str(error)


def test_missing_empty_and_binary_files(tmp_path):
    with pytest.raises(AnnotationError, match="no such file"):
        read_annotation(tmp_path / "absent.yaml")
    with pytest.raises(AnnotationError, match="empty"):
        read_annotation(write(tmp_path, ""))
    latin1 = tmp_path / "latin1.yaml"
    latin1.write_bytes(MINIMAL.replace("A test", "Caf\u00e9").encode("latin-1"))
    with pytest.raises(AnnotationError, match="UTF-8") as caught:
        read_annotation(latin1)
    assert caught.value.line == 5


def test_a_list_is_not_an_annotation(tmp_path):
    with pytest.raises(AnnotationError, match="expected a mapping"):
        read_annotation(write(tmp_path, "- a\n- b\n"))


def test_every_schema_field_is_documented():
    doc = (Path(__file__).resolve().parents[2] / "docs" / "annotation-format.md").read_text("utf-8")
    from claimgraph.graph.annotation import schema

    def fields(node):
        for key, sub in node.get("properties", {}).items():
            yield key
            yield from fields(sub)
            if "items" in sub:
                yield from fields(sub["items"])

    missing = sorted({f for f in fields(schema()) if f"`{f}`" not in doc})
    assert not missing, f"docs/annotation-format.md does not document {missing}"


def test_yaml_safe_load_agrees_on_plain_files(tmp_path):
    assert read_annotation(write(tmp_path, MINIMAL)).data == yaml.safe_load(MINIMAL)


def test_names_are_tagged_with_the_language_their_letters_tell(seed_graph, tmp_path):
    _, graph = seed_graph
    alt = URIRef("http://www.w3.org/2004/02/skos/core#altLabel")
    putin, pokrovsk = URIRef(ID + "person/vladimir-putin"), URIRef(ID + "city/pokrovsk")
    assert (putin, alt, Literal("Володимир Путін", lang="uk")) in graph     # і: Ukrainian only
    assert (putin, alt, Literal("Владимир Путин")) in graph                 # both alphabets
    assert (pokrovsk, alt, Literal("Покровськ")) in graph
    assert (pokrovsk, alt, Literal("Krasnoarmeysk", lang="en")) in graph
    text = MINIMAL.replace("name: Riverton}", "name: Riverton, aliases: [Соединённые Штаты]}")
    _, small = annotation_to_graph(write(tmp_path, text))
    riverton = URIRef(ID + "city/riverton")
    assert (riverton, alt, Literal("Соединённые Штаты", lang="ru")) in small  # ё: Russian only


def test_labels_of_the_documents_words_take_its_language(seed_graph, tmp_path):
    _, graph = seed_graph
    doc = URIRef(ID + "document/tsn-2972918-malomuzh-six-axes")
    statements = set(graph.subjects(RDF.type, URIRef(CG + "Statement")))
    labels = [graph.value(s, RDFS.label) for s in statements] + [graph.value(doc, RDFS.label)]
    assert statements and all(label.language == "en" for label in labels)
    iri, small = annotation_to_graph(write(tmp_path, MINIMAL))   # no document language
    assert small.value(URIRef(iri), RDFS.label) == Literal("A test")
    assert small.value(URIRef(iri), RDFS.label).language is None
