"""Attribution: speakers for subject, inverted, according-to, trailing, headline, pronoun and role cues;
nesting; continuation."""

from claimgraph.graph.extract import extract_annotation


def _st(text, **kw):
    ann = extract_annotation(text, **kw)
    return [(s["speaker"], s["text"], s.get("reported_by"), s["cue"]) for s in ann["statements"]], ann


def test_subject_appositive_and_relative_clause():
    got, _ = _st("Head\nKirill Dmitriev, the head of the Russian Direct Investment Fund, who has met Witkoff, "
                 "wrote on X that peace is near. Ushakov, who advises Vladimir Putin, said the talks went well.")
    assert [g[0] for g in got] == ["kirill-dmitriev", "yuri-ushakov"]


def test_inverted_according_to_and_quote_then_cue():
    got, _ = _st("Head\n“We will hold,” said Zelensky. According to Umerov, the talks continue. "
                 "“It is a lie,” Syrskyi told reporters.")
    assert [g[0] for g in got] == ["volodymyr-zelensky", "rustem-umerov", "oleksandr-syrskyi"]


def test_told_outlet_is_not_the_speaker():
    got, _ = _st("Head\nViktor Trehubov, the spokesman for the group, told Suspilne that attacks failed.")
    assert got[0][0] == "viktor-trehubov"


def test_pronoun_and_role_resolution():
    got, _ = _st("Head\nPutin said the army would advance. He claimed Pokrovsk was surrounded. "
                 "Syrskyi said the city holds. Putin insisted the city had fallen. The commander-in-chief acknowledged "
                 "the situation was difficult.")
    assert [g[0] for g in got] == ["vladimir-putin", "vladimir-putin", "oleksandr-syrskyi",
                                   "vladimir-putin", "oleksandr-syrskyi"]


def test_nested_attribution_gives_two_statements():
    got, ann = _st("Head\nMalomuzh says the war goes on.\n"
                   "The expert points out that Putin has set deadlines for taking Pokrovsk 16 times.")
    outer, inner = ann["statements"][1:]
    assert outer["speaker"] == "mykola-malomuzh" and inner["speaker"] == "vladimir-putin"
    assert inner["reported_by"] == [outer["id"]] and outer["reports"] == [inner["id"]]
    assert inner["kind"] == "deadline" and outer["kind"] == "claim"


def test_final_attribution_outranks_opening_one():
    got, ann = _st("Head\nMoscow insists that Ukraine must withdraw, Kremlin aide Yuri Ushakov said on Wednesday, "
                   "according to TASS.")
    outer = [s for s in ann["statements"] if not s.get("reported_by")]
    assert [s["speaker"] for s in outer] == ["yuri-ushakov"]
    assert [s["speaker"] for s in ann["statements"] if s.get("reported_by")] == ["russia"]
    assert "tass" not in {s["speaker"] for s in ann["statements"]}


def test_quote_continuation_and_reported_continuation():
    got, _ = _st("Head\n“We feel good,” Rubio told reporters. “The issues are solvable.”\n"
                 "The general says the offensive is linked to the talks. Putin aims to close the deal.\n"
                 "Nothing else happened today.")
    assert [g[0] for g in got][:2] == ["marco-rubio", "marco-rubio"]
    assert got[1][3].startswith("(continuation")
    assert got[3][0] == got[2][0] and got[3][3].startswith("(continuation")
    assert len(got) == 5 or got[-1][1] != "Nothing else happened today."


def test_unresolvable_role_gives_no_speaker():
    got, _ = _st("Head\nThe expert points out that the front is stable.")
    assert got == []


def test_no_statement_without_identifiable_speaker():
    got, _ = _st("Head\nRussian officials are pushing the line that the army will reach the Dnipro. "
                 "Analysts expect more attacks. The outline of the plan was leaked.")
    assert got == []


def test_headline_colon_and_outlet_dash():
    got, _ = _st("Budanov: Russia lacks reserves\nBody text here.")
    assert got[0][0] == "kyrylo-budanov"
    got, _ = _st("Russia moves brigades south — Reuters\nBody text here.")
    assert got[0][0] == "reuters"
