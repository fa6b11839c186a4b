"""The extractor's gazetteer: known entities and the surface forms that name or describe them.

Built from the package data file ``gazetteer.yaml`` (general knowledge of the war and the talks,
with identifiers copied from the verified reference extract) merged with the labels and aliases of
the bundled hand annotations (``claimgraph/graph/data/*.yaml``), so that every entity a person has
annotated is recognised in the next article. Surface forms are stored as token tuples for
longest-match lookup; lower-case description phrases ("the Ukrainian leader") and generic role
nouns ("the general") are kept apart, because they refer rather than name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

import yaml

ACTOR_TYPES = ("Person", "Organization", "State", "MilitaryUnit")
PLACE_TYPES = ("City", "Region", "Country", "River", "Area", "Axis")
_TYPE_MAP = {"GovernmentBody": "Organization", "IntelligenceService": "Organization",
             "MediaOutlet": "Organization", "Company": "Organization", "NewsAgency": "Organization",
             "InternationalOrganization": "Organization", "Party": "Organization"}
_FUNCTION_WORDS = {"of", "the", "for", "and", "on", "de", "der", "von", "in"}
TOKEN_RE = re.compile(r"(?:[A-Z]\.){2,}|[^\W_]+(?:['’][^\W_s][^\W_]*)*|['’]s\b|\S")


def tokenize(text: str) -> tuple[tuple[str, int, int], ...]:
    """Tokens of ``text`` as (token, start, end); possessive 's and hyphens are tokens of their own."""
    return tuple((m.group().replace("’", "'"), m.start(), m.end()) for m in TOKEN_RE.finditer(text))


def key_of(surface: str) -> tuple[str, ...]:
    """Lookup key of a surface form: its tokens, with a leading article lower-cased."""
    toks = [t for t, _, _ in tokenize(surface)]
    if toks and toks[0] == "The":
        toks[0] = "the"
    return tuple(toks)


@dataclass
class Entity:
    id: str
    type: str
    name: str
    aliases: list[str] = field(default_factory=list)
    wikidata: str | None = None
    member_of: str | None = None
    roles: set[str] = field(default_factory=set)
    place: str | None = None        # for a State: the location type its name also has
    capital_of: str | None = None   # for a City: the state it stands for when it acts
    platform: bool = False
    outlet: bool = False            # a news organization (relays others' words)
    source: str = "gazetteer"

    @property
    def is_actor(self) -> bool:
        return self.type in ACTOR_TYPES

    @property
    def is_place(self) -> bool:
        return self.type in PLACE_TYPES or self.place is not None


@dataclass
class Gazetteer:
    entities: dict[str, Entity]
    names: dict[tuple[str, ...], str]          # proper-name surface form -> entity id
    descriptions: dict[tuple[str, ...], str]   # "the ukrainian leader" -> entity id
    demonyms: dict[str, str]                   # "Russian" -> state id
    max_len: int
    first_names: set[str] = field(default_factory=set)          # first tokens of names (fast reject)
    first_descriptions: set[str] = field(default_factory=set)

    def entity(self, entity_id: str) -> Entity:
        return self.entities[entity_id]


def _is_proper(surface: str) -> bool:
    words = [w for w, _, _ in tokenize(surface) if w[0].isalpha()]
    return bool(words) and all(w[0].isupper() or w.lower() in _FUNCTION_WORDS for w in words) \
        and words[0][0].isupper()


def _add_entity(gaz: Gazetteer, ent: Entity, descriptions: list[str], curated: bool = True) -> None:
    gaz.entities[ent.id] = ent
    for surface in [ent.name, *ent.aliases]:
        if curated or _is_proper(surface):
            gaz.names.setdefault(key_of(surface), ent.id)
    for d in descriptions:
        gaz.descriptions.setdefault(tuple(t.lower() for t in key_of(d)), ent.id)


def _from_record(rec: dict, source: str) -> tuple[Entity, list[str]]:
    etype = _TYPE_MAP.get(rec["type"], rec["type"])
    ent = Entity(id=rec["id"], type=etype, name=rec["name"], aliases=list(rec.get("aliases") or []),
                 wikidata=rec.get("wikidata"), member_of=_first(rec.get("member_of")),
                 roles={r.lower() for r in rec.get("roles") or [] if isinstance(r, str)},
                 place=rec.get("place"), capital_of=rec.get("capital_of"),
                 platform=bool(rec.get("platform")), outlet=bool(rec.get("outlet")),
                 source=source)
    return ent, list(rec.get("descriptions") or [])


def _first(value):
    return value[0] if isinstance(value, list) and value else (value or None)


def _merge_annotation(gaz: Gazetteer, rec: dict, source: str) -> None:
    """Merge one actor/location of a hand annotation into the gazetteer."""
    etype = _TYPE_MAP.get(rec.get("type", ""), rec.get("type", ""))
    if etype not in ACTOR_TYPES + PLACE_TYPES or not rec.get("name") or not _is_proper(rec["name"]):
        return
    aliases = [a for a in rec.get("aliases") or [] if isinstance(a, str)]
    roles = {a[4:].lower() for a in aliases if a.lower().startswith("the ") and len(a.split()) == 2}
    for role in rec.get("roles") or []:
        if isinstance(role, dict) and role.get("title"):
            roles.add(role["title"].split(" of ")[0].split()[-1].lower())
    existing = gaz.entities.get(rec["id"]) or gaz.entities.get(gaz.names.get(key_of(rec["name"]), ""))
    if existing is None:
        ent, _ = _from_record({**rec, "type": etype, "aliases": [], "roles": []}, source)
        ent.outlet = rec.get("type") == "MediaOutlet"
        _add_entity(gaz, ent, [], curated=False)
        existing = ent
    existing.roles |= roles
    existing.wikidata = existing.wikidata or rec.get("wikidata")
    for alias in aliases:
        if _is_proper(alias) and key_of(alias) not in gaz.names:
            existing.aliases.append(alias)
            gaz.names[key_of(alias)] = existing.id


def load_gazetteer(annotation_dirs: list[Path] | None = None, use_annotations: bool = True) -> Gazetteer:
    """Load the packaged gazetteer, merged with the bundled (or given) hand annotations."""
    gaz = Gazetteer({}, {}, {}, {}, 1)
    data = yaml.safe_load(resources.files(__package__).joinpath("gazetteer.yaml").read_text("utf-8"))
    for rec in data["entities"]:
        ent, descriptions = _from_record(rec, "gazetteer")
        _add_entity(gaz, ent, descriptions)
        for dem in rec.get("demonyms") or []:
            gaz.demonyms[dem] = ent.id
    if use_annotations:
        dirs = annotation_dirs if annotation_dirs is not None else \
            [Path(str(resources.files("claimgraph.graph").joinpath("data")))]
        for d in dirs:
            for path in sorted(Path(d).glob("*.yaml")):
                doc = yaml.safe_load(path.read_text("utf-8")) or {}
                for rec in (doc.get("actors") or []) + (doc.get("locations") or []):
                    if isinstance(rec, dict) and rec.get("id") and rec.get("type"):
                        _merge_annotation(gaz, rec, f"annotation:{path.name}")
    gaz.max_len = max(len(k) for k in list(gaz.names) + list(gaz.descriptions))
    gaz.first_names = {k[0] for k in gaz.names}
    gaz.first_descriptions = {k[0] for k in gaz.descriptions}
    return gaz
