"""Turn a checked annotation (see ``annotation.py``) into RDF in the claimgraph ontology.

IRIs are minted by the project and stable: entities from their type and slug
(``…/id/person/vladimir-putin``), statements, claims and roles from a hash of what identifies them,
so that reloading the same file gives the same IRIs. Spans are W3C Web Annotation selectors with
the quoted text, prefix/suffix and character offsets into the document text.
"""

from __future__ import annotations

import hashlib
import re
from typing import Any, Iterable

from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import OWL, PROV, RDF, RDFS, SKOS, XSD

from claimgraph import __version__

ID = Namespace("https://w3id.org/claimgraph/id/")
CG = Namespace("https://w3id.org/claimgraph/ontology#")
GEO = Namespace("http://www.opengis.net/ont/geosparql#")
OA = Namespace("http://www.w3.org/ns/oa#")
WD = Namespace("http://www.wikidata.org/entity/")
DBR = Namespace("http://dbpedia.org/resource/")

SEGMENTS = {
    "Person": "person", "Organization": "organization", "GovernmentBody": "organization",
    "IntelligenceService": "organization", "MilitaryUnit": "organization",
    "MediaOutlet": "organization", "ActorGroup": "group", "State": "country",
    "Country": "country", "Region": "region", "City": "city", "Axis": "axis", "River": "river",
    "Area": "area", "Interview": "event", "Communication": "event",
}
CLAIM_CLASSES = {"capture": CG.ControlClaim, "control": CG.ControlClaim,
                 "deadline": CG.DeadlineClaim, "prediction": CG.PredictionClaim}
CONTEXT_CHARS = 32
_CYRILLIC = re.compile(r"[\u0400-\u04FF]")
_UKRAINIAN_ONLY = re.compile("[іїєґІЇЄҐ]")
_RUSSIAN_ONLY = re.compile("[ыэъёЫЭЪЁ]")


def geonames_iri(geonames_id: str) -> URIRef:
    """The GeoNames Semantic Web IRI of a GeoNames id."""
    return URIRef(f"https://sws.geonames.org/{geonames_id}/")


def stable_hash(*parts: object) -> str:
    """A short, stable hash of the parts, for minting IRIs."""
    return hashlib.sha1("\x1f".join(str(p) for p in parts).encode("utf-8")).hexdigest()[:16]


def date_literal(value: str) -> Literal:
    """``YYYY-MM-DD``, ``YYYY-MM`` or ``YYYY`` as xsd:date, xsd:gYearMonth or xsd:gYear."""
    datatype = {10: XSD.date, 7: XSD.gYearMonth, 4: XSD.gYear}[len(value)]
    return Literal(value, datatype=datatype)


def name_literal(name: str) -> Literal:
    """A name with a language tag where the script tells it: Latin names are English here; a
    Cyrillic name is Ukrainian with a letter only Ukrainian has (і ї є ґ), Russian with one only
    Russian has (ы э ъ ё), and untagged when its letters are common to both (Покровськ and
    Покровск alike: a guess would be wrong half the time)."""
    if not _CYRILLIC.search(name):
        return Literal(name, lang="en")
    ukrainian, russian = bool(_UKRAINIAN_ONLY.search(name)), bool(_RUSSIAN_ONLY.search(name))
    if ukrainian != russian:
        return Literal(name, lang="uk" if ukrainian else "ru")
    return Literal(name)


def text_literal(text: str, language: str | None) -> Literal:
    """A label made of the document's own words, in the document's language when it says one."""
    return Literal(text, lang=language) if language else Literal(text)


class _Builder:
    def __init__(self, data: dict[str, Any]) -> None:
        self.data = data
        self.graph = Graph()
        self.iris: dict[str, URIRef] = {}
        self.doc = data["document"]
        self.doc_iri = ID[f"document/{self.doc['id']}"]
        self._mint_iris()

    def add(self, s: Any, p: Any, o: Any) -> None:
        self.graph.add((s, p, o))

    def _mint_iris(self) -> None:
        for section in ("actors", "locations", "communications"):
            for item in self.data.get(section, []):
                self.iris[item["id"]] = ID[f"{SEGMENTS[item['type']]}/{item['id']}"]
        for section, segment in (("negotiations", "negotiation"), ("operations", "operation")):
            for item in self.data.get(section, []):
                self.iris[item["id"]] = ID[f"{segment}/{item['id']}"]
        for st in self.data.get("statements", []):
            self.iris[st["id"]] = ID["statement/" + stable_hash(
                self.doc["id"], st["speaker"], st["text"], st.get("occurrence", 1))]
            for claim in st.get("asserts", []):
                self.iris[claim["id"]] = ID["claim/" + self._claim_key(claim)]

    def _claim_key(self, claim: dict[str, Any]) -> str:
        # A claim's identity is what it asserts, not where it was read: the same capture claim
        # in two articles is one resource, so that recurrence can be counted.
        return stable_hash(claim["type"], claim.get("party") or claim.get("set_by"),
                           claim.get("location"), claim.get("objective"),
                           claim.get("valid_at"), claim.get("due"))

    def ref(self, local_id: str) -> URIRef:
        return self.iris[local_id]

    def refs(self, s: URIRef, p: URIRef, ids: Iterable[str]) -> None:
        for local_id in ids:
            self.add(s, p, self.ref(local_id))

    def names(self, s: URIRef, item: dict[str, Any]) -> None:
        self.add(s, RDFS.label, name_literal(item["name"]))
        self.add(s, SKOS.prefLabel, name_literal(item["name"]))
        self.add(s, CG.slug, Literal(item["id"]))
        for alias in item.get("aliases", []):
            if alias != item["name"]:
                self.add(s, SKOS.altLabel, name_literal(alias))
        if "description" in item:
            self.add(s, RDFS.comment, Literal(item["description"], lang="en"))

    def external_ids(self, s: URIRef, item: dict[str, Any]) -> None:
        if "wikidata" in item:
            self.add(s, CG.wikidata, Literal(item["wikidata"]))
            self.add(s, OWL.sameAs, WD[item["wikidata"]])
        if "geonames" in item:
            self.add(s, CG.geonames, Literal(item["geonames"]))
            self.add(s, OWL.sameAs, geonames_iri(item["geonames"]))
        if "dbpedia" in item:
            self.add(s, OWL.sameAs, DBR[item["dbpedia"]])

    def place(self, s: URIRef, item: dict[str, Any]) -> None:
        if "located_in" in item:
            self.add(s, CG.locatedIn, self.ref(item["located_in"]))
        self.refs(s, CG.adjacentTo, item.get("adjacent_to", []))
        if "coordinates" in item:
            geometry = URIRef(f"{s}#geometry")
            lat, long = item["coordinates"]["lat"], item["coordinates"]["long"]
            self.add(s, GEO.hasGeometry, geometry)
            self.add(s, GEO.hasDefaultGeometry, geometry)
            self.add(geometry, RDF.type, GEO.Geometry)
            self.add(geometry, GEO.asWKT, Literal(f"POINT({long} {lat})", datatype=GEO.wktLiteral))

    def build(self) -> Graph:
        self.document()
        for item in self.data.get("actors", []):
            self.actor(item)
        for item in self.data.get("locations", []):
            s = self.ref(item["id"])
            self.add(s, RDF.type, CG[item["type"]])
            self.names(s, item)
            self.external_ids(s, item)
            self.place(s, item)
        for item in self.data.get("communications", []):
            self.communication(item)
        for item in self.data.get("negotiations", []):
            self.negotiation(item)
        for item in self.data.get("operations", []):
            self.operation(item)
        for st in self.data.get("statements", []):
            self.statement(st)
        return self.graph

    def document(self) -> None:
        doc, s = self.doc, self.doc_iri
        self.add(s, RDF.type, CG[doc["type"]])
        self.add(s, CG.slug, Literal(doc["id"]))
        self.add(s, CG.headline, Literal(doc["headline"]))
        self.add(s, RDFS.label, text_literal(doc["headline"], doc.get("language")))
        self.add(s, CG.fullText, Literal(doc["text"]))
        if "url" in doc:
            self.add(s, CG.url, Literal(doc["url"], datatype=XSD.anyURI))
        if "publisher" in doc:
            self.add(s, CG.publisher, self.ref(doc["publisher"]))
        self.refs(s, CG.author, doc.get("authors", []))
        if "language" in doc:
            self.add(s, URIRef("http://schema.org/inLanguage"), Literal(doc["language"]))
        if "date_published" in doc:
            self.add(s, CG.datePublished, date_literal(doc["date_published"]))
        annotator = self.data.get("annotator", {"method": "manual"})
        activity = URIRef(f"{s}#annotating")
        self.add(s, PROV.wasGeneratedBy, activity)
        self.add(activity, RDF.type, CG.Extraction if annotator["method"] == "extraction"
                 else CG.ManualAnnotation)
        self.add(activity, PROV.used, s)
        if annotator.get("date"):
            self.add(activity, PROV.endedAtTime, date_literal(annotator["date"]))
        agent_name = annotator.get("agent", "claimgraph annotator")
        if annotator["method"] == "extraction":
            version = annotator.get("version", __version__)
            agent = ID[f"software/{re.sub(r'[^a-z0-9-]+', '-', agent_name.lower())}/{version}"]
            self.add(agent, RDF.type, PROV.SoftwareAgent)
            self.add(agent, CG.toolVersion, Literal(version))
        else:
            agent = URIRef(f"{s}#annotator")
            self.add(agent, RDF.type, PROV.Agent)
        self.add(agent, RDFS.label, Literal(agent_name))
        self.add(activity, PROV.wasAssociatedWith, agent)

    def actor(self, item: dict[str, Any]) -> None:
        s = self.ref(item["id"])
        self.add(s, RDF.type, CG[item["type"]])
        if item["type"] == "State":
            self.add(s, RDF.type, CG.Country)
        self.names(s, item)
        self.external_ids(s, item)
        self.place(s, item)
        self.refs(s, CG.memberOf, item.get("member_of", []))
        if "url" in item:
            self.add(s, URIRef("http://schema.org/url"), Literal(item["url"], datatype=XSD.anyURI))
        for role in item.get("roles", []):
            r = ID["role/" + stable_hash(item["id"], role["kind"], role["title"],
                                         role.get("organization"))]
            self.add(r, RDF.type, CG.Position if role["kind"] == "position" else CG.MilitaryRank)
            self.add(s, CG.holdsRole, r)
            self.add(r, CG.roleTitle, Literal(role["title"]))
            former = "" if role.get("current", True) else "former "
            self.add(r, RDFS.label, Literal(f"{former}{role['title']}", lang="en"))
            if "organization" in role:
                self.add(r, CG.roleIn, self.ref(role["organization"]))
            if "current" in role:
                self.add(r, CG.isCurrent, Literal(role["current"]))
            for key, prop in (("start", CG.startDate), ("end", CG.endDate)):
                if key in role:
                    self.add(r, prop, date_literal(role[key]))

    def communication(self, item: dict[str, Any]) -> None:
        s = self.ref(item["id"])
        self.add(s, RDF.type, CG[item["type"]])
        self.names(s, item)
        for key in ("interviewee", "broadcaster"):
            if key in item:
                self.add(s, CG[key], self.ref(item[key]))
        if "date" in item:
            self.add(s, CG.startDate, date_literal(item["date"]))

    def negotiation(self, item: dict[str, Any]) -> None:
        s = self.ref(item["id"])
        self.add(s, RDF.type, CG.Negotiation)
        self.names(s, item)
        self.refs(s, CG.party, item["parties"])
        self.refs(s, CG.mediator, item.get("mediators", []))
        if "status" in item:
            self.add(s, CG.negotiationStatus, Literal(item["status"]))
        for key, prop in (("start", CG.startDate), ("end", CG.endDate)):
            if key in item:
                self.add(s, prop, date_literal(item[key]))
        for n, position in enumerate(item.get("positions", []), start=1):
            p = URIRef(f"{s}#position-{position['party']}-{n}")
            self.add(p, RDF.type, CG.NegotiatingPosition)
            self.add(s, CG.hasPosition, p)
            self.add(p, CG.heldBy, self.ref(position["party"]))
            self.add(p, CG.goal, Literal(position["goal"], lang="en"))
            self.add(p, RDFS.label, Literal(f"Position of {position['party']}", lang="en"))

    def operation(self, item: dict[str, Any]) -> None:
        s = self.ref(item["id"])
        self.add(s, RDF.type, CG.MilitaryOperation)
        self.names(s, item)
        self.add(s, CG.conductedBy, self.ref(item["conducted_by"]))
        self.refs(s, CG.alongAxis, item.get("axes", []))
        self.refs(s, CG.targets, item.get("targets", []))
        self.refs(s, CG.aimsToInfluence, item.get("aims_to_influence", []))
        if "axis_count" in item:
            self.add(s, CG.axisCount, Literal(item["axis_count"]))
        for key, prop in (("start", CG.startDate), ("end", CG.endDate)):
            if key in item:
                self.add(s, prop, date_literal(item[key]))

    def statement(self, st: dict[str, Any]) -> None:
        s = self.ref(st["id"])
        quote = st.get("quote", False)
        self.add(s, RDF.type, CG.Quotation if quote else CG.Statement)
        self.add(s, CG.slug, Literal(st["id"]))
        self.add(s, CG.speaker, self.ref(st["speaker"]))
        self.add(s, CG.kind, CG[st["kind"]])
        self.add(s, CG.text, Literal(st["text"]))
        self.add(s, CG.isDirectQuote, Literal(quote))
        if "cue" in st:
            self.add(s, CG.cue, Literal(st["cue"]))
        self.add(s, CG.source, self.doc_iri)
        if "date_said" in st:
            self.add(s, CG.dateSaid, date_literal(st["date_said"]))
        if "date_published" in self.doc:
            self.add(s, CG.dateReported, date_literal(self.doc["date_published"]))
        self.add(s, RDFS.label, text_literal(_short(st["text"]), self.doc.get("language")))
        for key, prop in (("about", CG.about), ("reports", CG.reports),
                          ("reported_by", CG.reportedBy), ("disputes", CG.disputes),
                          ("supports", CG.supports), ("contradicts", CG.contradicts),
                          ("aims_to_influence", CG.aimsToInfluence),
                          ("evidence_for", CG.evidenceFor),
                          ("evidence_against", CG.evidenceAgainst)):
            self.refs(s, prop, st.get(key, []))
        if "channel" in st:
            self.add(s, CG.channel, self.ref(st["channel"]))
        if "confidence" in st:
            self.add(s, CG.confidence, Literal(str(st["confidence"]), datatype=XSD.decimal))
        self.add(s, PROV.wasGeneratedBy, URIRef(f"{self.doc_iri}#annotating"))
        self.span(s, st)
        for claim in st.get("asserts", []):
            self.claim(s, claim)

    def span(self, s: URIRef, st: dict[str, Any]) -> None:
        text, exact = self.doc["text"], st["text"]
        start = -1
        for _ in range(st.get("occurrence", 1)):
            start = text.index(exact, start + 1)
        end = start + len(exact)
        span, quote, position = (URIRef(f"{s}#{part}") for part in ("span", "quote", "position"))
        self.add(s, CG.span, span)
        self.add(span, RDF.type, CG.TextSpan)
        self.add(span, OA.hasSource, self.doc_iri)
        self.add(span, OA.hasSelector, quote)
        self.add(span, OA.hasSelector, position)
        self.add(quote, RDF.type, OA.TextQuoteSelector)
        self.add(quote, OA.exact, Literal(exact))
        self.add(quote, OA.prefix, Literal(text[max(0, start - CONTEXT_CHARS):start]))
        self.add(quote, OA.suffix, Literal(text[end:end + CONTEXT_CHARS]))
        self.add(position, RDF.type, OA.TextPositionSelector)
        self.add(position, OA.start, Literal(start, datatype=XSD.nonNegativeInteger))
        self.add(position, OA.end, Literal(end, datatype=XSD.nonNegativeInteger))

    def claim(self, statement: URIRef, claim: dict[str, Any]) -> None:
        c = self.ref(claim["id"])
        self.add(c, RDF.type, CLAIM_CLASSES[claim["type"]])
        self.add(c, CG.slug, Literal(claim["id"]))
        self.add(statement, CG.asserts, c)
        if claim["type"] in ("capture", "control"):
            self.add(c, CG.controlType, CG[claim["type"]])
        if "party" in claim:
            self.add(c, CG.claimedParty, self.ref(claim["party"]))
        if "set_by" in claim:
            self.add(c, CG.setBy, self.ref(claim["set_by"]))
        if "location" in claim:
            self.add(c, CG.claimedLocation, self.ref(claim["location"]))
        if "objective" in claim:
            self.add(c, CG.objective, Literal(claim["objective"], lang="en"))
        for key, prop in (("count", CG.deadlineCount), ("failed", CG.failedCount)):
            if key in claim:
                self.add(c, prop, Literal(claim[key], datatype=XSD.integer))
        if "outcome" in claim:
            self.add(c, CG.outcome, CG[claim["outcome"]])
        for key, prop in (("due", CG.dueDate), ("valid_at", CG.validAt)):
            if key in claim:
                self.add(c, prop, date_literal(claim[key]))
        self.add(c, CG.status, CG[claim.get("status", "asserted")])
        self.add(c, RDFS.label, Literal(self._claim_label(claim), lang="en"))

    def _claim_label(self, claim: dict[str, Any]) -> str:
        names = {item["id"]: item["name"] for section in ("actors", "locations")
                 for item in self.data.get(section, [])}
        if claim["type"] == "deadline":
            count = f" ({claim['count']} times)" if "count" in claim else ""
            return f"Deadline for {claim['objective']} set by {names[claim['set_by']]}{count}"
        what = {"capture": "Capture of", "control": "Control of",
                "prediction": "Prediction about"}[claim["type"]]
        where = names.get(claim.get("location", ""), "an unnamed place")
        return f"{what} {where} by {names.get(claim.get('party', ''), 'an unnamed party')}"


def _short(text: str, limit: int = 90) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[:limit - 1].rstrip() + "…"


def annotation_rdf(data: dict[str, Any]) -> tuple[str, Graph]:
    """The named-graph IRI of the annotated document and the RDF of the annotation."""
    builder = _Builder(data)
    graph = builder.build()
    graph.bind("cg", CG)
    graph.bind("id", ID)
    return str(builder.doc_iri), graph

