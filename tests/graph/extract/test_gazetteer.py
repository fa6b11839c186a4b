"""The gazetteer merges the packaged data with the bundled annotations, with verified QIDs only."""

import re
from pathlib import Path

from claimgraph.graph.extract.gazetteer import key_of, load_gazetteer, tokenize

REFERENCE = Path(__file__).resolve().parents[4] / "shared" / "reference" / "wikidata-seed.ttl"


def test_names_aliases_and_transliterations(gaz):
    for surface, eid in [("Kupyansk", "kupiansk"), ("Hulyaipole", "huliaipole"), ("Syrskyy", "oleksandr-syrskyi"),
                         ("Zelenskyy", "volodymyr-zelensky"), ("the Kremlin", "kremlin"), ("Dnieper", "dnipro"),
                         ("Russia's Ministry of Defence", "russian-defence-ministry"), ("24 Kanal", "24-kanal")]:
        assert gaz.names[key_of(surface)] == eid, surface


def test_descriptions_demonyms_and_capitals(gaz):
    assert gaz.descriptions[("the", "ukrainian", "leader")] == "volodymyr-zelensky"
    assert gaz.demonyms["Russian"] == "russia"
    assert gaz.entities["moscow"].capital_of == "russia"
    assert gaz.entities["kyiv"].capital_of == "ukraine"
    assert gaz.entities["washington"].capital_of == "united-states"


def test_bundled_annotation_is_merged(gaz, tmp_path):
    assert "expert" in gaz.entities["mykola-malomuzh"].roles          # from "the expert" in the seed YAML
    (tmp_path / "x.yaml").write_text(
        "actors:\n - {id: ivan-fedorov, type: Person, name: Ivan Fedorov, aliases: [Fedorov, the governor]}\n"
        " - {id: some-group, type: ActorGroup, name: Russian officials}\n", encoding="utf-8")
    g = load_gazetteer([tmp_path])
    assert g.names[("Fedorov",)] == "ivan-fedorov" and "governor" in g.entities["ivan-fedorov"].roles
    assert key_of("Russian officials") not in g.names                  # groups are not entities
    assert key_of("Ivan Fedorov") not in load_gazetteer(use_annotations=False).names


def test_wikidata_ids_are_only_verified_ones(gaz):
    qids = {e.wikidata for e in gaz.entities.values() if e.wikidata}
    assert qids
    if REFERENCE.exists():
        verified = set(re.findall(r"wd:(Q\d+)", REFERENCE.read_text(encoding="utf-8")))
        assert qids <= verified


def test_tokenize_splits_possessives_and_hyphens():
    assert [t for t, _, _ in tokenize("Russia’s Washington-based U.S. doesn’t")] == \
        ["Russia", "'s", "Washington", "-", "based", "U.S.", "doesn't"]
