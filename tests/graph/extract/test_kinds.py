"""Statement kinds, the quotation flag and stances."""

import pytest

from claimgraph.graph.extract import extract_annotation
from claimgraph.graph.extract.kinds import classify, quote_flag


@pytest.mark.parametrize("content,cue,kind", [
    ("Trump has given Ukraine until Thursday to respond.", "claim", "deadline"),
    ("the information is a lie", "claim", "denial"),
    ("Kyiv would not accept any document", "claim", "denial"),
    ("If Europe wants war, it will bear the responsibility", "claim", "threat"),
    ("any ceasefire requires Ukrainian forces to withdraw", "claim", "demand"),
    ("the army would now turn to Kostiantynivka", "claim", "prediction"),
    ("the situation is genuinely tough", "claim", "assessment"),
    ("the sides produced a draft", "claim", "claim"),
    ("how the moves are linked", "assessment", "assessment"),
    ("he would impose sanctions", "threat", "threat"),
])
def test_classify(content, cue, kind):
    assert classify(content, cue) == kind


def test_reporting_statement_takes_reported_kind():
    assert classify("Moscow demanded that Kyiv withdraw", "claim", ["demand"]) == "demand"
    assert classify("Putin has set deadlines 16 times", "claim", ["deadline"]) == "claim"


@pytest.mark.parametrize("span,flag", [
    ("“We feel very good about where we are today,” Rubio told reporters.", True),
    ("he said: “I think a ceasefire is possible.”", True),
    ("wrote on X that “a peaceful outcome is closer than ever”.", True),
    ("said the talks had made “tremendous progress” on the plan.", False),
    ("the Russian leader “wants to end the war”.", False),
    ("did not address “the root causes of the conflict”.", False),
])
def test_quote_flag(span, flag):
    assert quote_flag(span) is flag


def test_denial_disputes_other_speakers_claim_and_its_nested_claim():
    ann = extract_annotation("Head\nThe Russian Defence Ministry said its troops captured Kupiansk. "
                             "Syrskyi rejected Moscow’s claim that Russian troops had captured Kupiansk.")
    by = {s["id"]: s for s in ann["statements"]}
    denial = next(s for s in ann["statements"] if s["kind"] == "denial")
    targets = {by[t]["speaker"] for t in denial["disputes"]}
    assert targets == {"russian-defence-ministry", "russia"}
    assert any(a["type"] == "capture" and a["status"] == "disputed" for a in denial.get("asserts", []))
