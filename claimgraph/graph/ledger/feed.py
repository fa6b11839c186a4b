"""The change feed as Atom (RFC 4287), for feed readers, built with the standard library."""

from __future__ import annotations

import datetime
from xml.etree import ElementTree as ET

from claimgraph.graph.ledger.watch import FeedEntry

ATOM = "http://www.w3.org/2005/Atom"


def atom_feed(entries: list[FeedEntry], self_url: str, title: str = "claimgraph: claim status changes") -> str:
    """An Atom document with one entry per status change, newest first."""
    ET.register_namespace("", ATOM)
    feed = ET.Element(f"{{{ATOM}}}feed")
    ET.SubElement(feed, f"{{{ATOM}}}title").text = title
    ET.SubElement(feed, f"{{{ATOM}}}id").text = self_url
    ET.SubElement(feed, f"{{{ATOM}}}link", rel="self", href=self_url)
    updated = max((e.recorded_at for e in entries), default=None) or \
        datetime.datetime(1970, 1, 1, tzinfo=datetime.timezone.utc).isoformat()
    ET.SubElement(feed, f"{{{ATOM}}}updated").text = updated
    author = ET.SubElement(feed, f"{{{ATOM}}}author")
    ET.SubElement(author, f"{{{ATOM}}}name").text = "claimgraph ledger"
    for entry in entries:
        item = ET.SubElement(feed, f"{{{ATOM}}}entry")
        ET.SubElement(item, f"{{{ATOM}}}id").text = entry.change
        ET.SubElement(item, f"{{{ATOM}}}title").text = f"{entry.claim_label}: {entry.status}"
        ET.SubElement(item, f"{{{ATOM}}}updated").text = entry.recorded_at
        ET.SubElement(item, f"{{{ATOM}}}link", href=entry.claim)
        when = f" on {entry.changed_at}" if entry.changed_at else ""
        evidence = ""
        if entry.evidence_text:
            who = f"{entry.speaker_label}: " if entry.speaker_label else ""
            evidence = f" Evidence: {who}“{entry.evidence_text}”"
        ET.SubElement(item, f"{{{ATOM}}}summary").text = (
            f"{entry.claim_label} became {entry.status}{when} by rule {entry.rule}.{evidence}")
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(feed, encoding="unicode") + "\n"
