"""Helpers for the hand-written gold builders g01..g05: check that every span is an exact substring
of its article and every name is declared, then write gold/NN.json."""
import json, sys
import os
A = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "")
def P(name, type_, qid=None, aliases=()):
    return {"name": name, "type": type_, "wikidata": qid, "aliases": list(aliases)}
def S(speaker, cue, quote, text, aa, al, kind):
    return {"speaker": speaker, "cue": cue, "quote": quote, "text": text,
            "about_actors": aa, "about_locations": al, "kind": kind}
def O(speaker, text, kind, note):
    return {"speaker": speaker, "text": text, "kind": kind, "note": note}
def write(doc, d):
    text = open(A + f"articles/{doc}.txt", encoding="utf-8").read()
    names = set()
    for k in ("actors", "optional_actors"):
        for a in d[k]:
            names.add(a["name"])
    lnames = {l["name"] for k in ("locations", "optional_locations") for l in d[k]}
    for s in d["statements"] + d["optional_statements"]:
        assert s["text"] in text, (doc, s["text"])
        assert s["speaker"] is None or s["speaker"] in names, s["speaker"]
        for a in s.get("about_actors", []):
            assert a in names, a
        for l in s.get("about_locations", []):
            assert l in lnames, l
    for n in d["negotiations"]:
        for p in n["parties"]:
            assert p in names, p
    out = {"doc": doc}
    out.update(d)
    with open(A + f"gold/{doc}.json", "w", encoding="utf-8") as f:
        json.dump(out, f, ensure_ascii=False, indent=1)
        f.write("\n")
    print(doc, len(d["statements"]), "statements", len(d["actors"]), "actors", len(d["locations"]), "locations")
