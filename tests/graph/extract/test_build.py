"""The extracted annotation is in the loader's format; the evaluation form follows the eval schema."""

from claimgraph.graph.extract import EXTRACTOR_VERSION, extract_annotation, to_eval_json

TOP = ["format", "document", "annotator", "actors", "locations", "communications", "negotiations",
       "operations", "statements"]


def test_annotation_format(seed_text):
    ann = extract_annotation(seed_text, url="https://example.org/a", date_published="2025-11-20",
                             publisher="tsn", id="seed")
    assert list(ann) == TOP and ann["format"] == "claimgraph-annotation/1"
    assert ann["annotator"] == {"method": "extraction", "agent": "claimgraph-extractor", "version": EXTRACTOR_VERSION}
    doc = ann["document"]
    assert doc["text"] == seed_text and doc["date_published"] == "2025-11-20" and doc["id"] == "seed"
    ids = {e["id"] for e in ann["actors"] + ann["locations"]}
    sids = {s["id"] for s in ann["statements"]}
    for a in ann["actors"]:
        assert a["type"] in ("Person", "Organization", "State", "MilitaryUnit", "MediaOutlet")
        assert set(a.get("member_of", [])) <= ids
    for s in ann["statements"]:
        assert seed_text.count(s["text"]) >= s.get("occurrence", 1)
        assert s["speaker"] in ids and set(s["about"]) <= ids | {n["id"] for n in ann["negotiations"]}
        assert 0 < s["confidence"] <= 1
        assert set(s.get("reported_by", []) + s.get("reports", []) + s.get("disputes", [])) <= sids
    for n in ann["negotiations"]:
        assert set(n["parties"]) <= ids


def test_extracted_annotation_validates_and_converts(seed_text, tmp_path):
    import yaml

    from claimgraph.graph.annotation import annotation_to_graph

    ann = extract_annotation(seed_text, url="https://example.org/a", date_published="2025-11-20",
                             publisher="TSN", id="seed")
    path = tmp_path / "seed.yaml"
    path.write_text(yaml.safe_dump(ann, allow_unicode=True, sort_keys=False), encoding="utf-8")
    graph_iri, graph = annotation_to_graph(path)
    assert graph_iri.endswith("/document/seed") and len(graph) > 500


def test_seed_answers_match_hand_annotation(seed_text):
    """Six targets, the disputed Pokrovsk capture and the 16 deadlines come out of the seed unaided."""
    ann = extract_annotation(seed_text)
    six = {"pokrovsk", "myrnohrad", "kostiantynivka", "kupiansk", "vovchansk", "huliaipole"}
    assert any(six <= set(s["about"]) and s["kind"] == "prediction" and s["speaker"] == "mykola-malomuzh"
               for s in ann["statements"])
    captures = [a for s in ann["statements"] for a in s.get("asserts", [])
                if a["type"] == "capture" and a["location"] == "pokrovsk"]
    assert captures and all(a["status"] == "disputed" for a in captures)
    deadlines = [a for s in ann["statements"] for a in s.get("asserts", []) if a["type"] == "deadline"]
    assert deadlines == [{"id": deadlines[0]["id"], "type": "deadline", "set_by": "vladimir-putin",
                          "count": 16, "location": "pokrovsk",
                          "objective": "taking Pokrovsk"}]


def test_eval_form(seed_text):
    ev = to_eval_json(extract_annotation(seed_text))
    assert set(ev) == {"doc", "actors", "locations", "statements", "negotiations"}
    assert {"name": "Russia", "type": "Country"} in ev["locations"]          # named, so also a place
    assert {"name": "Russia", "type": "State"} in ev["actors"]
    for s in ev["statements"]:
        assert s["text"] in seed_text and set(s) == {"speaker", "cue", "quote", "text", "about_actors",
                                                     "about_locations", "kind"}
    nested = [s for s in ev["statements"] if s["speaker"] == "Vladimir Putin" and "16 times" in s["text"]]
    assert nested and nested[0]["text"].startswith("The expert points out")   # whole sentence in eval form
    assert ev["negotiations"] == [{"name": "Russia–United States talks", "parties": ["Russia", "United States"]}]


def test_hand_annotation_converts_too():
    import yaml
    from importlib import resources
    hand = yaml.safe_load(resources.files("claimgraph.graph").joinpath("data/seed-tsn-malomuzh.yaml")
                          .read_text("utf-8"))
    ev = to_eval_json(hand)
    assert any(s["speaker"] == "Mykola Malomuzh" for s in ev["statements"])


def test_eval_form_lists_the_publisher_only_where_the_text_names_it(seed_text):
    """The guideline's actors are entities the article names; the publisher the metadata adds
    is not one of them (it would be a false positive against every gold file)."""
    ann = extract_annotation(seed_text, publisher="Kyiv Evening Courier", id="seed")
    assert "Kyiv Evening Courier" in {a["name"] for a in ann["actors"]}        # the annotation keeps it
    assert "Kyiv Evening Courier" not in {a["name"] for a in to_eval_json(ann)["actors"]}
    text = "Ukraine will not cede Donbas, Zelensky told Reuters on Monday."
    names = {a["name"] for a in to_eval_json(extract_annotation(text, publisher="Reuters"))["actors"]}
    assert "Reuters" in names
