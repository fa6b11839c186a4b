"""The check an RDF/XML document passes before Oxigraph parses it: no DTD, no deep nesting.

Oxigraph's RDF/XML parser expands internal XML entities (a 620-byte "billion laughs" upload
became one 48 MB literal) and takes time growing with the square of the nesting depth (50,000
levels held a request thread for 45 s). So a document is first read by expat, which builds
nothing: any DOCTYPE is refused (so no DTD, entity declaration or external reference is ever
read), and so is nesting deeper than ``MAX_DEPTH`` elements. The scan reads the bytes as UTF-8,
as Oxigraph does, whatever the XML declaration says. ``claimgraph load`` (graph/load.py) and
Graph Store uploads (server/rdfinput.py) both use it.
"""

from __future__ import annotations

from typing import IO
from xml.parsers import expat

# Real RDF/XML nests a few levels (an XML literal of XHTML a few dozen). Oxigraph parsed a
# 16 MiB document nested 1,000 deep in 2.1 s, a shallow one in 0.8 s; this scan took 0.6 s.
MAX_DEPTH = 1000
CHUNK = 1 << 20


class XmlRefused(ValueError):
    """An RDF/XML document the check refuses: why (``reason``), and the ``line`` where it
    found out, which ``reason`` does not repeat."""

    def __init__(self, reason: str, line: int | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.line = line


class _Scan:
    """Expat handlers that count the nesting depth and refuse any DOCTYPE."""

    def __init__(self, max_depth: int) -> None:
        self.max_depth = max_depth
        self.depth = 0
        self.parser = expat.ParserCreate("utf-8")
        self.parser.StartDoctypeDeclHandler = self._doctype
        self.parser.StartElementHandler = self._start
        self.parser.EndElementHandler = self._end

    def _doctype(self, name: str, *_: object) -> None:
        raise XmlRefused(f"refused: RDF/XML with a DTD (<!DOCTYPE {name}>); claimgraph reads no "
                         "DTD, entity declaration or external entity",
                         self.parser.CurrentLineNumber)

    def _start(self, *_: object) -> None:
        self.depth += 1
        if self.depth > self.max_depth:
            raise XmlRefused(f"refused: RDF/XML nested deeper than {self.max_depth:,} elements",
                             self.parser.CurrentLineNumber)

    def _end(self, *_: object) -> None:
        self.depth -= 1

    def feed(self, data: bytes | bytearray, final: bool) -> None:
        try:
            self.parser.Parse(data, final)
        except expat.ExpatError as error:
            raise XmlRefused(f"malformed XML: {expat.ErrorString(error.code)} at column "
                             f"{error.offset + 1}", error.lineno) from None


def check_rdf_xml(source: bytes | bytearray | IO[bytes], max_depth: int = MAX_DEPTH) -> None:
    """Raise XmlRefused unless ``source`` (the bytes, or a binary file read to its end) is
    well-formed XML without a DOCTYPE and nested at most ``max_depth`` elements deep."""
    scan = _Scan(max_depth)
    if isinstance(source, (bytes, bytearray)):
        scan.feed(source, True)
        return
    while chunk := source.read(CHUNK):
        scan.feed(chunk, False)
    scan.feed(b"", True)
