"""A statement's identity is its speaker, text and occurrence (its IRI is minted from them): two
entries with the same three are refused, naming both, where they were merged into one statement
or reported as a SHACL MaxCount on an IRI (finding 12 of s17-h3)."""

from __future__ import annotations

import pytest
from rdflib import RDF, Namespace

from claimgraph.graph.annotation import AnnotationError, annotation_to_graph
from tests.graph.test_annotation import MINIMAL, write

CG = Namespace("https://w3id.org/claimgraph/ontology#")
TWICE = MINIMAL.replace("Alice said that the bridge at Riverton is closed.\"\nactors",
                        "Alice said that the bridge at Riverton is closed. "
                        "Alice said that the bridge at Riverton is closed.\"\nactors")
SECOND = """  - id: s2
    speaker: alice
    cue: said
    kind: KIND
    text: "Alice said that the bridge at Riverton is closed."
"""


@pytest.mark.parametrize("kind", ["claim", "prediction"])
def test_two_statements_with_one_speaker_text_and_occurrence_are_refused(tmp_path, kind):
    path = write(tmp_path, TWICE + SECOND.replace("KIND", kind))
    with pytest.raises(AnnotationError) as caught:
        annotation_to_graph(path)
    message = str(caught.value)
    assert caught.value.line == 20 and message.startswith(f"{path}:20: statements[1]: ")
    assert "'s2' has the same speaker, text and occurrence as statement 's1'" in message
    assert "(statements[0], line 14)" in message and "`occurrence`" in message


def test_the_second_occurrence_is_another_statement(tmp_path):
    path = write(tmp_path, TWICE + SECOND.replace("KIND", "prediction") + "    occurrence: 2\n")
    graph = annotation_to_graph(path)[1]
    assert len(set(graph.subjects(RDF.type, CG.Statement))) == 2
