"""The built-in extractive headline and summary plugin."""

from __future__ import annotations

import pytest

from truthlens import Document
from truthlens.plugins import summary_extractive as plugin
from truthlens.sentences import split_sentences

ARTICLE = "\n".join(
    [
        "LONDON (Reuters) - The city council approved a plan to close three public libraries"
        " on Tuesday, officials said.",
        "Advertisement",
        "By Jane Smith, Political Correspondent",
        "The council said the closures would save 2 million pounds a year from its library budget.",
        "Read more: Council budget cuts explained",
        "Residents protested outside the town hall as the council voted on the library plan.",
        "The library plan passed by 31 votes to 20 after a debate that lasted four hours.",
        "Campaigners said they would challenge the library closures in the High Court.",
        "Photo: Protesters outside the town hall (Getty Images)",
        "Sign up for our daily newsletter.",
        "The weather was mild.",
        "Officials expect the three libraries to close by the end of next year.",
    ]
)


def doc(text: str, title: str | None = None, site_name: str | None = None) -> Document:
    """A Document as the host builds it: sentences already split."""
    return Document(text=text, title=title, site_name=site_name, sentences=split_sentences(text))


def test_version_is_recorded() -> None:
    assert plugin.__version__ == "1.0.0"
    assert plugin.PLUGIN_NAME == "summary_extractive"


# summarize


def test_summary_sentences_are_verbatim_and_in_article_order() -> None:
    summary = plugin.summarize(doc(ARTICLE))
    assert summary is not None
    sentences = [s.text for s in split_sentences(summary)]
    assert 2 <= len(sentences) <= 3
    positions = [ARTICLE.index(s) for s in sentences]
    assert positions == sorted(positions)


def test_summary_keeps_the_lead_and_skips_boilerplate() -> None:
    summary = plugin.summarize(doc(ARTICLE))
    assert summary is not None
    assert summary.startswith("LONDON (Reuters) - The city council approved a plan")
    for junk in ("Advertisement", "By Jane Smith", "Read more", "Photo:", "Sign up", "mild"):
        assert junk not in summary


MILL_FIRE = [
    "It was a quiet morning in the small town of Millbrook until the sirens started.",
    "Firefighters said the blaze at the Millbrook paper mill began in a storage shed.",
    "The paper mill fire in Millbrook destroyed the main warehouse and forced 200 workers"
    " to leave the paper mill.",
    "Nobody was hurt.",
    "The owners of the Millbrook paper mill said the fire would halt paper production for weeks.",
    "Local schools stayed open as usual.",
]


def test_summary_restores_article_order() -> None:
    # The third sentence outranks the second, yet the summary reads in article order.
    summary = plugin.summarize(doc(" ".join(MILL_FIRE)))
    assert summary == " ".join(MILL_FIRE[:3])


def test_boilerplate_loses_even_when_it_repeats_the_key_words() -> None:
    text = "\n".join(
        [
            "Photo: Firefighters at the Millbrook paper mill fire (Getty Images)",
            "By Anna Lee and Tom Park",
            MILL_FIRE[1],
            "Read more: Millbrook paper mill fire destroys warehouse",
            MILL_FIRE[2],
            "Advertisement",
            "Sign up for Millbrook paper mill fire updates.",
            MILL_FIRE[4],
        ]
    )
    document = doc(text)
    assert plugin.summarize(document) == f"{MILL_FIRE[1]} {MILL_FIRE[2]}"
    assert (
        plugin.suggest_headline(document) == "Blaze at Millbrook paper mill began in storage shed"
    )


def test_summary_avoids_repeating_itself() -> None:
    lead = "The central bank raised interest rates by half a point to fight rising inflation."
    echo = "The central bank raised interest rates by half a point to fight inflation, it said."
    other = "Mortgage lenders are expected to pass the higher cost on to home buyers within weeks."
    filler = " ".join(f"Analyst number {i} commented on market conditions today." for i in range(4))
    summary = plugin.summarize(doc(f"{lead} {echo} {other} {filler}"))
    assert summary is not None
    assert lead in summary
    assert echo not in summary


def test_single_sentence_text_is_its_own_summary() -> None:
    text = "The bridge reopened to traffic after three months of repairs."
    assert plugin.summarize(doc(text)) == text


def test_short_text_gets_a_shorter_summary() -> None:
    text = (
        "The mayor opened a new park in the city centre. "
        "It has a playground, a pond and space for a weekly market. "
        "The park cost four million pounds and took two years to build."
    )
    summary = plugin.summarize(doc(text))
    assert summary is not None
    assert len(split_sentences(summary)) == 2


def test_fragments_only_when_nothing_else() -> None:
    assert plugin.summarize(doc("Breaking news.\nMore soon.")) == "Breaking news."


def test_empty_text_gives_no_summary() -> None:
    assert plugin.summarize(doc("")) is None
    assert plugin.summarize(doc("  \n ")) is None


def test_sentences_are_split_when_the_host_did_not() -> None:
    first = "The first sentence of this short text is about trains."
    second = "The second one is about buses."
    assert plugin.summarize(Document(text=f"{first} {second}")) == first


def test_same_input_same_output() -> None:
    document = doc(ARTICLE)
    runs = {(plugin.summarize(document), plugin.suggest_headline(document)) for _ in range(5)}
    assert len(runs) == 1


def test_long_articles_get_a_bounded_summary_and_headline() -> None:
    """Speed is measured in benchmarks/plugin_speed.py, not here; this checks the output."""
    body = " ".join(
        f"Sentence {i} reports that the council discussed item {i % 17} of the budget plan."
        for i in range(800)
    )  # about 11,000 words
    document = doc(body)
    summary = plugin.summarize(document)
    headline = plugin.suggest_headline(document)
    assert summary is not None
    assert 0 < len(summary.split()) <= 100
    assert headline is not None
    assert 4 <= len(headline.split()) <= 14


# suggest_headline


def words(headline: str) -> list[str]:
    return headline.split()


def assert_headline_shape(headline: str | None) -> str:
    assert headline
    assert headline[0].isupper()
    assert not headline.endswith((".", "?", "!", ","))
    assert 4 <= len(words(headline)) <= 14
    return headline


def test_headline_drops_dateline_and_attribution() -> None:
    headline = assert_headline_shape(plugin.suggest_headline(doc(ARTICLE)))
    assert "LONDON" not in headline
    assert "Reuters" not in headline
    assert "officials said" not in headline
    assert "Tuesday" not in headline
    assert "council approved plan to close three public libraries" in headline


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        (
            "WASHINGTON \u2014 The Senate passed the spending bill late on Friday, aides said.",
            "Senate passed spending bill",
        ),
        (
            "NEW YORK, March 3 (AP) -- Stocks fell sharply after the jobs report, traders said.",
            "Stocks fell sharply after jobs report",
        ),
        (
            "(CNN)The storm knocked out power to 40,000 homes across the region.",
            "Storm knocked out power to 40,000 homes across region",
        ),
        (
            "Acme Corp (ACME), the maker of rocket skates, will cut 900 jobs in Ohio, "
            "the company said in a statement.",
            "Acme Corp to cut 900 jobs",
        ),
        (
            "Police said that a man who was arrested on Friday has been charged with murder.",
            "Man who was arrested charged with murder",
        ),
    ],
)
def test_headline_trims_datelines_asides_and_attributions(sentence: str, expected: str) -> None:
    text = f"{sentence} Further details were not released by the authorities."
    assert plugin.suggest_headline(doc(text)) == expected


def test_headline_cuts_trailing_subordinate_clauses() -> None:
    text = (
        "Shares in the mining group Rio Tinto fell by a fifth on Monday, which wiped "
        "billions off its value as copper prices slumped across world markets. "
        "Rio Tinto said copper demand had weakened."
    )
    headline = assert_headline_shape(plugin.suggest_headline(doc(text)))
    assert headline == "Shares in mining group Rio Tinto fell by fifth"


def test_headline_skips_questions_and_stays_short() -> None:
    text = (
        "Is this the end of the high street as we know it? "
        "Retail sales in the United Kingdom fell for the fifth month in a row in March, "
        "with clothing and furniture stores hit hardest by the slowdown in consumer spending "
        "that economists had warned about for many months."
    )
    headline = assert_headline_shape(plugin.suggest_headline(doc(text)))
    assert "?" not in headline
    assert headline.startswith("Retail sales in United Kingdom fell")


def test_single_sentence_headline() -> None:
    text = "The regional airline cancelled all flights after a computer failure."
    headline = plugin.suggest_headline(doc(text))
    assert headline == "Regional airline cancelled all flights"


def test_title_fallback_strips_site_name() -> None:
    text = "Photo: AP\nAdvertisement"
    assert plugin.suggest_headline(doc(text, title="Storm hits the coast | BBC News")) == (
        "Storm hits the coast"
    )
    assert plugin.suggest_headline(doc("", title="Flood warnings issued - CNN")) == (
        "Flood warnings issued"
    )
    assert plugin.suggest_headline(doc("", title="Example Daily: Budget day!", site_name="x")) == (
        "Example Daily: Budget day"
    )


def test_title_keeps_a_real_hyphenated_part() -> None:
    title = "Trump - Clinton debate recap"
    assert plugin.suggest_headline(doc("", title=title)) == title


def test_no_text_and_no_title_gives_no_headline() -> None:
    assert plugin.suggest_headline(doc("")) is None
    assert plugin.suggest_headline(doc("  ", title="  ")) is None


def test_text_without_a_usable_sentence_still_gives_a_headline() -> None:
    assert plugin.suggest_headline(doc("Markets rally")) == "Markets rally"


def test_headline_names_people_as_the_article_does() -> None:
    text = (
        "Actress Nicole Kidman has won a restraining order against two photographers. "
        "Kidman said she had been followed for months. The court agreed with Kidman."
    )
    headline = plugin.suggest_headline(doc(text))
    assert headline is not None
    assert headline.startswith("Kidman won restraining order")
    assert "Nicole" not in headline
    assert "Actress" not in headline


def test_headline_keeps_full_names_the_article_never_shortens() -> None:
    text = (
        "Hong Kong stock markets reached record highs on Monday. Traders in Hong Kong "
        "cheered the news from the exchange."
    )
    headline = plugin.suggest_headline(doc(text))
    assert headline is not None
    assert headline.startswith("Hong Kong stock markets")


def test_headline_drops_a_descriptor_before_a_name_the_article_repeats() -> None:
    text = (
        "Telecoms equipment supplier Ericsson posted a sharp rise in quarterly profits. "
        "Ericsson said demand for network gear was strong. Analysts expect Ericsson to grow."
    )
    headline = plugin.suggest_headline(doc(text))
    assert headline is not None
    assert headline.startswith("Ericsson posted")


def test_headline_does_not_cut_a_verb_from_its_complement() -> None:
    text = (
        "Police said a man who was arrested on Friday has been charged with murder. "
        "The man will appear in court on Monday. Police did not name the man."
    )
    headline = plugin.suggest_headline(doc(text))
    assert headline is not None
    assert not headline.endswith("charged")


def test_headline_comes_from_the_first_sentence_in_the_reporters_voice() -> None:
    text = (
        '"We are devastated," said one resident of the flooded valley town. '
        "Floods forced 3,000 people from their homes in the Elm valley on Sunday. "
        "Rescue teams worked through the night to reach stranded families in the valley."
    )
    headline = plugin.suggest_headline(doc(text))
    assert headline is not None
    assert headline.startswith("Floods forced 3,000 people")
