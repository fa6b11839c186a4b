"""The RDF/XML check (graph/xmlcheck.py) shared by `claimgraph load` and Graph Store uploads."""

from __future__ import annotations

import io

import pyoxigraph as ox
import pytest

from claimgraph.graph.xmlcheck import MAX_DEPTH, XmlRefused, check_rdf_xml

HEAD = ('<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
        'xmlns:e="http://example.org/">')


def nested(levels: int) -> bytes:
    """RDF/XML whose elements nest ``levels`` deep (rdf:RDF counts as one)."""
    pairs = (levels - 2) // 2
    return (HEAD + '<rdf:Description rdf:about="http://example.org/a">'
            + "<e:p><rdf:Description>" * pairs + "</rdf:Description></e:p>" * pairs
            + "</rdf:Description></rdf:RDF>").encode()


def laughs(levels: int, padding: str = "") -> bytes:
    """A "billion laughs" document with internal entities only (no SYSTEM, no external DTD),
    ``padding`` between the XML declaration and the DOCTYPE."""
    entities = '<!ENTITY e0 "ha">' + "".join(
        f'<!ENTITY e{i} "{f"&e{i - 1};" * 10}">' for i in range(1, levels + 1))
    return (f'<?xml version="1.0"?>{padding}\n<!DOCTYPE rdf:RDF [{entities}]>\n{HEAD}'
            f'<rdf:Description rdf:about="http://example.org/a"><e:p>&e{levels};</e:p>'
            "</rdf:Description></rdf:RDF>").encode()


def test_internal_entities_are_refused_with_the_doctype():
    with pytest.raises(XmlRefused) as refused:
        check_rdf_xml(laughs(3))
    assert "DTD" in refused.value.reason and refused.value.line == 2
    # What the check stands between: Oxigraph itself expands them (2 * 10**3 characters here).
    [quad] = ox.parse(laughs(3), format=ox.RdfFormat.RDF_XML)
    assert len(quad.object.value) == 2000


def test_a_doctype_without_entities_is_refused_too():
    with pytest.raises(XmlRefused, match="DTD"):
        check_rdf_xml(b'<?xml version="1.0"?><!DOCTYPE r SYSTEM "http://127.0.0.1:9/r.dtd">'
                      + HEAD.encode() + b"</rdf:RDF>")


def test_nesting_up_to_the_limit_passes_and_deeper_is_refused():
    check_rdf_xml(nested(MAX_DEPTH))
    with pytest.raises(XmlRefused, match=f"nested deeper than {MAX_DEPTH:,} elements"):
        check_rdf_xml(nested(MAX_DEPTH + 2))
    with pytest.raises(XmlRefused, match="nested deeper than 10 elements"):
        check_rdf_xml(nested(12), max_depth=10)


def test_a_file_is_read_in_chunks_to_its_end():
    check_rdf_xml(io.BytesIO(nested(200) + b"\n" * (3 << 20)))
    with pytest.raises(XmlRefused, match="DTD"):
        check_rdf_xml(io.BytesIO(laughs(2, "<!-- " + " " * (3 << 20) + " -->")))


def test_malformed_xml_names_its_line():
    with pytest.raises(XmlRefused) as refused:
        check_rdf_xml(HEAD.encode() + b"\n\n<e:p>")
    assert refused.value.reason.startswith("malformed XML: ") and refused.value.line == 3
