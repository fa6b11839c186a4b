"""Sentence and paragraph splitting keeps exact offsets and the guideline's span units."""

from claimgraph.graph.extract.segment import paragraphs, sentences


def test_offsets_reproduce_the_text(seed_text):
    for s in sentences(seed_text):
        assert seed_text[s.start:s.end] == s.text
    for p in paragraphs(seed_text):
        assert seed_text[p.start:p.end] == p.text


def test_headline_heading_and_colon_list(seed_text):
    sents = sentences(seed_text)
    assert sents[0].role == "headline" and "?" in sents[0].text  # a headline is never split
    assert any(s.role == "heading" and s.text == "A “trophy” list for negotiations" for s in sents)
    listed = next(s for s in sents if s.text.startswith("In the weeks ahead"))
    assert listed.text.endswith("Vovchansk\nHuliaipole.")


def test_abbreviations_initials_and_quotes_do_not_split():
    text = ("Title\nU.S. envoy Steve Witkoff met Gen. Valery Gerasimov on Nov. 27 in Moscow. "
            "“It is a lie. We hold the city,” he said. Talks resume Monday.")
    got = [s.text for s in sentences(text)]
    assert got == ["Title", "U.S. envoy Steve Witkoff met Gen. Valery Gerasimov on Nov. 27 in Moscow.",
                   "“It is a lie. We hold the city,” he said.", "Talks resume Monday."]


def test_paragraph_indices_follow_lines():
    text = "Head\nOne. Two.\n\nThree."
    assert [(s.text, s.paragraph) for s in sentences(text)] == [("Head", 0), ("One.", 1), ("Two.", 1), ("Three.", 2)]
