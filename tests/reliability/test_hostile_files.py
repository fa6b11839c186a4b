"""Hostile files through the loader, in process (``load_paths``) and through ``claimgraph load``:
each is refused with a message naming the file and the reason, and the store is unchanged
(same graphs, same counts, isomorphic contents). A JSON-LD file whose @context names a server
on 127.0.0.1 must not make the loader call it.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from rdflib.compare import isomorphic

from claimgraph.graph import load as loader
from tests.reliability.support import cli, cli_env, seeded_store

RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"


def _laughs() -> str:
    entities = '<!ENTITY a "aaaaaaaaaa">' + "".join(
        f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">' for i in range(9))
    return (f'<?xml version="1.0"?><!DOCTYPE r [{entities}]><rdf:RDF xmlns:rdf="{RDF}">'
            '<rdf:Description rdf:about="urn:x"><rdf:value>&j;</rdf:value></rdf:Description>'
            "</rdf:RDF>")


def hostile_files(folder: Path, canary_url: str) -> dict[str, tuple[Path, str]]:
    """name -> (file, a word the refusal must contain)."""
    files = {
        "xxe.rdf": ('<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
                    f'<rdf:RDF xmlns:rdf="{RDF}"><rdf:Description rdf:about="urn:x"><rdf:value>'
                    "&x;</rdf:value></rdf:Description></rdf:RDF>", "DTD"),
        "xxe-remote.rdf": (f'<?xml version="1.0"?><!DOCTYPE r SYSTEM "{canary_url}r.dtd">'
                           f'<rdf:RDF xmlns:rdf="{RDF}"/>', "DTD"),
        "billion-laughs.rdf": (_laughs(), "DTD"),
        "deep.rdf": (f'<rdf:RDF xmlns:rdf="{RDF}" xmlns:e="urn:e#"><rdf:Description '
                     'rdf:about="urn:x">' + "<e:p><rdf:Description>" * 5000
                     + "</rdf:Description></e:p>" * 5000 + "</rdf:Description></rdf:RDF>",
                     "nested deeper"),
        "nested.jsonld": ('{"@id": "urn:x", "urn:p": ' + '{"urn:p": ' * 100_000 + '"x"'
                          + "}" * 100_000 + "}", "stack"),
        "nested-list.jsonld": ('{"@id": "urn:x", "urn:p": {"@list": ' + "[" * 100_000 + '"x"'
                               + "]" * 100_000 + "}}", "stack"),
        "remote-context.jsonld": (f'{{"@context": "{canary_url}context.jsonld", "@id": "urn:x", '
                                  '"name": "y"}', "remote context"),
        "remote-context-array.jsonld": (f'{{"@context": [{{"@vocab": "urn:v#"}}, '
                                        f'"{canary_url}c2.jsonld"], "@id": "urn:x", "n": "y"}}',
                                        "remote context"),
        "alias-bomb.yaml": ('a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n'
                            + "".join(f"{chr(98 + i)}: &{chr(98 + i)} [" + ",".join(
                                [f"*{chr(97 + i)}"] * 9) + "]\n" for i in range(8)), "alias"),
        "python-tag.yaml": ("document: !!python/object/apply:os.system ['touch /tmp/pwned']\n",
                            "tag"),
        "custom-tag.yaml": ("document: !include /etc/passwd\n", "tag"),
        "huge-literal.ttl": ('<urn:s> <urn:p> "' + "x" * (3 * 1024 * 1024) + '" .\n',
                             "literal"),
        "control-iri.ttl": ("<urn:s\x01x> <urn:p> <urn:o> .\n", "IRI"),
        "control-iri-escaped.nt": ("<urn:s\\u0001x> <urn:p> <urn:o> .\n", "IRI"),
        "space-iri.ttl": ("<urn:a b> <urn:p> <urn:o> .\n", "IRI"),
        "latin1.ttl": ('<urn:s> <urn:p> "caf\xe9" .\n'.encode("latin-1"), "UTF-8"),
        "empty.ttl": ("", "empty"),
        "garbage.nt": (os.urandom(4096), "UTF-8"),
    }
    out = {}
    for name, (content, word) in files.items():
        path = folder / name
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
        out[name] = (path, word)
    return out


@pytest.fixture
def hostile(tmp_path, canary):
    folder = tmp_path / "hostile"
    folder.mkdir()
    return hostile_files(folder, canary.url)


def snapshot(store) -> dict[str, object]:
    return {"count": store.count(), "graphs": store.graphs(),
            "content": {g: store.triples(g) for g in store.graphs()}}


def assert_unchanged(before, after) -> None:
    assert after["count"] == before["count"]
    assert after["graphs"] == before["graphs"]
    for name, graph in before["content"].items():
        assert isomorphic(graph, after["content"][name]), name


def test_each_hostile_file_refused_in_process(hostile, canary):
    store = seeded_store()
    before = snapshot(store)
    for name, (path, word) in hostile.items():
        [report] = loader.load_paths(store, [path], validators=[])
        assert report.error is not None, f"{name} was loaded: {report.graphs}"
        message = str(report.error)
        assert str(path) in message and word.lower() in message.lower(), (name, message)
    assert_unchanged(before, snapshot(store))
    assert not canary.requests, f"the loader fetched {canary.requests}"
    assert not Path("/tmp/pwned").exists()


def test_hostile_folder_through_the_cli(tmp_path, hostile, canary):
    """One ``claimgraph load FOLDER`` on a disk store: every file listed as refused, exit code
    non-zero, and the store reopens exactly as it was."""
    store_dir = tmp_path / "store"
    env = cli_env(CLAIMGRAPH_STORE=f"oxigraph:{store_dir}")
    first = cli("load", "--example", "--no-ledger", env=env)
    assert first.returncode == 0, first.stderr
    before = cli("export", "--format", "nquads", env=env).stdout
    folder = next(iter(hostile.values()))[0].parent
    result = cli("load", "--no-ledger", str(folder), env=env, timeout=300)
    assert result.returncode != 0
    for name, (path, word) in hostile.items():
        lines = [line for line in result.stderr.splitlines() if path.name in line]
        assert lines, f"{name} not reported: {result.stderr[-2000:]}"
        assert any(word.lower() in line.lower() for line in lines), (name, lines)
    assert "Traceback" not in result.stderr
    after = cli("export", "--format", "nquads", env=env).stdout
    assert sorted(after.splitlines()) == sorted(before.splitlines())
    assert not canary.requests


def test_symlink_out_of_the_folder_is_skipped(tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.ttl").write_text("<urn:secret> <urn:p> <urn:o> .\n")
    folder = tmp_path / "allowed"
    folder.mkdir()
    (folder / "link.ttl").symlink_to(outside / "secret.ttl")
    (folder / "sub").symlink_to(outside, target_is_directory=True)
    store = seeded_store()
    before = snapshot(store)
    reports = loader.load_paths(store, [folder], validators=[])
    assert reports and all(r.error is not None for r in reports)
    assert all("symbolic link" in str(r.error) for r in reports)
    assert_unchanged(before, snapshot(store))


@pytest.mark.parametrize("suffix", [".nt", ".yaml", ".rdf"])
def test_file_over_the_size_limit_is_refused_without_reading_it(tmp_path, suffix):
    """A sparse file one byte over the limit: refused from its size, before any parsing."""
    limit = loader.MAX_ANNOTATION_BYTES if suffix == ".yaml" else loader.MAX_BYTES
    path = tmp_path / f"big{suffix}"
    with open(path, "wb") as handle:
        handle.truncate(limit + 1)
    store = seeded_store()
    before = snapshot(store)
    [report] = loader.load_paths(store, [path], validators=[])
    assert report.error is not None and "limit" in str(report.error)
    assert_unchanged(before, snapshot(store))
