from __future__ import annotations

import json
import socket
from datetime import UTC, datetime
from typing import Any

import pluggy
import pytest

from truthlens import Document, Link, hookspecs
from truthlens.plugins import extract_trafilatura
from truthlens.plugins._dates import parse_datetime
from truthlens.plugins.extract_trafilatura import decode_html, extract_article

URL = "https://news.example.com/world/2024/03/01/council-budget?utm_source=x"

PARAGRAPHS = (
    "The city council voted on Tuesday to approve a new budget for the coming year, "
    "ending months of debate over how to pay for repairs to schools and roads.",
    "The plan passed by nine votes to two after a session that lasted well into the night. "
    "Supporters said the spending was overdue and that delays had already raised costs.",
    "Opponents argued that residents had not been consulted and that the tax increase "
    "needed to fund the plan would fall hardest on families with low incomes.",
    "The mayor said she would sign the budget this week and promised regular reports "
    "on how the money is spent, starting with a public meeting next month.",
)
NAV = """<header><nav><ul><li><a href="/">Home</a></li><li><a href="/world">World</a></li>
<li><a href="/sport">Sport</a></li><li><a href="/opinion">Opinion</a></li></ul></nav></header>"""
FOOTER = """<footer><p><a href="/about">About us</a> | <a href="/privacy">Privacy policy</a>
| <a href="/contact">Contact the newsroom</a></p><p>Copyright 2024 Example News</p></footer>"""


def page(
    head: str = "",
    *,
    body_start: str = "",
    paragraphs: tuple[str, ...] = PARAGRAPHS,
    html_attrs: str = ' lang="en"',
) -> str:
    article = "\n".join(f"<p>{p}</p>" for p in paragraphs)
    return (
        f"<!DOCTYPE html><html{html_attrs}><head><meta charset='utf-8'>{head}</head><body>"
        f"{NAV}<main><article><h1>Council approves budget</h1>{body_start}{article}"
        f"</article></main>{FOOTER}</body></html>"
    )


def extract(html: str | bytes, url: str | None = URL) -> Document:
    document = extract_article(html, url)
    assert isinstance(document, Document)
    return document


def json_ld(data: Any) -> str:
    return f'<script type="application/ld+json">{json.dumps(data)}</script>'


def test_news_article_json_ld_graph_authors_and_dates_in_utc() -> None:
    graph = {
        "@context": "https://schema.org",
        "@graph": [
            {"@type": "WebSite", "@id": "https://news.example.com/#site", "name": "Site"},
            {
                "@type": "NewsArticle",
                "headline": "Council approves budget after long debate",
                "datePublished": "2024-03-01T09:30:00+02:00",
                "dateModified": "2024-03-02T08:00:00Z",
                "author": [
                    {"@id": "https://news.example.com/#/person/jane"},
                    {"@type": "Person", "name": "John Roe"},
                ],
                "publisher": {"@id": "https://news.example.com/#org"},
            },
            {
                "@type": "Person",
                "@id": "https://news.example.com/#/person/jane",
                "name": "Jane Doe",
            },
            {
                "@type": "NewsMediaOrganization",
                "@id": "https://news.example.com/#org",
                "name": "Example News",
            },
        ],
    }
    document = extract(page(json_ld(graph), html_attrs=' lang="en-GB"'), URL)
    assert document.title == "Council approves budget after long debate"
    assert document.author == "Jane Doe; John Roe"
    assert document.published_at == datetime(2024, 3, 1, 7, 30, tzinfo=UTC)
    assert document.published_at.utcoffset() is not None
    assert document.modified_at == datetime(2024, 3, 2, 8, 0, tzinfo=UTC)
    assert document.site_name == "Example News"
    assert document.language == "en"
    assert document.kind == "news"
    assert document.url == URL
    assert document.sentences == ()
    assert document.text.splitlines() == list(PARAGRAPHS)  # the <h1> headline is the title


def test_meta_tags_only() -> None:
    head = """
    <title>Council approves budget | Example News</title>
    <meta property="og:title" content="Council approves budget">
    <meta property="og:site_name" content="Example News">
    <meta property="og:locale" content="de_DE">
    <meta name="author" content="Erika Mustermann">
    <meta property="article:author" content="https://facebook.com/someone">
    <meta property="article:published_time" content="2023-05-04T10:00:00">
    <meta property="article:modified_time" content="Thu, 04 May 2023 14:30:00 +0200">
    <meta name="description" content="The council approved the budget.">
    """
    document = extract(page(head, html_attrs=""), URL)
    assert document.title == "Council approves budget"
    assert document.author == "Erika Mustermann"
    assert document.published_at == datetime(2023, 5, 4, 10, 0, tzinfo=UTC)  # naive -> UTC
    assert document.modified_at == datetime(2023, 5, 4, 12, 30, tzinfo=UTC)
    assert document.site_name == "Example News"
    assert document.language == "de"
    assert document.description == "The council approved the budget."
    assert document.kind is None


def test_title_falls_back_to_the_title_element_as_is() -> None:
    document = extract(page("<title>Council approves budget - Example News</title>"), URL)
    assert document.title == "Council approves budget - Example News"
    assert document.site_name == "news.example.com"  # no name anywhere: the host


@pytest.mark.parametrize(
    "byline",
    [
        '<p class="byline">By Jane Doe | March 1, 2024</p>',
        "<p>By <a href='/authors/jane-doe'>Jane Doe</a></p>",
        '<div class="byline"><time>1 March 2024</time> &middot; by <span>Jane Doe</span></div>',
        '<p>Posted <a rel="author" href="/authors/jane-doe">Jane Doe</a></p>',
    ],
)
def test_byline_only(byline: str) -> None:
    document = extract(page(body_start=byline), URL)
    assert document.author == "Jane Doe"


def test_publisher_named_as_author_gives_way_to_a_person() -> None:
    head = """<meta property="og:site_name" content="Example News">
    <meta name="author" content="Example News">"""
    document = extract(page(head, body_start='<p class="byline">By Jane Doe</p>'), URL)
    assert document.author == "Jane Doe"

    alone = extract(page(head), URL)
    assert alone.author == "Example News"  # better than nothing when no person is named


def test_no_author_in_comments_or_plain_prose() -> None:
    comments = (
        '<div id="comments"><div class="comment"><span class="comment-author">Troll Master</span>'
        "<p>First!</p></div></div>"
    )
    paragraphs = ("By the end of the night the council had voted. " + PARAGRAPHS[0], *PARAGRAPHS)
    document = extract(page(paragraphs=paragraphs) + comments, URL)
    assert document.author is None


@pytest.mark.parametrize(
    ("head", "url", "kind"),
    [
        (json_ld({"@type": "OpinionNewsArticle", "headline": "x"}), URL, "opinion"),
        (
            json_ld({"@type": "NewsArticle"}),
            "https://news.example.com/opinion/2024/budget",
            "opinion",
        ),
        (json_ld({"@type": "NewsArticle"}), "https://news.example.com/commentisfree/x", "opinion"),
        ('<meta property="article:section" content="Opinion">', URL, "opinion"),
        (json_ld({"@type": "NewsArticle", "articleSection": ["Editorials"]}), URL, "opinion"),
        (json_ld({"@type": ["AnalysisNewsArticle", "NewsArticle"]}), URL, "analysis"),
        (json_ld({"@type": "ReportageNewsArticle"}), URL, "news"),
        (json_ld({"@type": "BlogPosting"}), URL, "blog"),
        (json_ld({"@type": "Article"}), URL, None),
        ("", "https://news.example.com/world/no-comment-from-the-mayor", None),
    ],
)
def test_kind(head: str, url: str, kind: str | None) -> None:
    document = extract(page(head), url)
    assert document.kind == kind


def test_canonical_url_made_absolute() -> None:
    head = '<link rel="canonical" href="/world/2024/03/01/council-budget">'
    document = extract(page(head), URL)
    assert document.canonical_url == "https://news.example.com/world/2024/03/01/council-budget"

    with_base = page('<base href="https://cdn.example.org/news/"><link rel="canonical" href="a">')
    assert extract(with_base).canonical_url == "https://cdn.example.org/news/a"
    assert extract(page('<link rel="canonical" href="/x">'), None).canonical_url is None


def test_links_come_from_the_body_only() -> None:
    paragraphs = (
        PARAGRAPHS[0],
        "According to <a href='/reports/budget-2024.pdf'>the budget\n      report</a>, "
        "costs rose by a fifth, and an <a href='https://audit.example.org/review'>independent "
        "review</a> agreed. " + PARAGRAPHS[1],
        "Questions can be sent by <a href='mailto:desk@example.com'>email</a>. " + PARAGRAPHS[2],
        PARAGRAPHS[3],
    )
    document = extract(page(paragraphs=paragraphs), URL)
    assert document.links == (
        Link(url="https://news.example.com/reports/budget-2024.pdf", text="the budget report"),
        Link(url="https://audit.example.org/review", text="independent review"),
    )
    assert "According to the budget report, costs rose by a fifth" in document.text
    assert "[" not in document.text
    assert "About us" not in document.text
    assert "Sport" not in document.text


@pytest.mark.parametrize(
    "html",
    [
        f"<html><body>{NAV}{FOOTER}</body></html>",
        "<html><head><title>Nothing here</title></head><body></body></html>",
        "",
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
    ],
)
def test_no_article_gives_empty_text(html: str | bytes) -> None:
    document = extract(html, URL)
    assert document.text == ""
    assert document.links == ()
    assert document.url == URL


@pytest.mark.parametrize(
    "charset_tag",
    [
        '<meta charset="windows-1252">',
        '<meta http-equiv="Content-Type" content="text/html; charset=iso-8859-1">',
    ],
)
def test_bytes_in_a_declared_legacy_charset(charset_tag: str) -> None:
    sentence = "Le café coûte désormais 3 € de plus, a déclaré le maire à la presse locale."
    html = page(paragraphs=(sentence, *PARAGRAPHS)).replace("<meta charset='utf-8'>", charset_tag)
    document = extract(html.encode("cp1252"), URL)
    assert sentence in document.text
    assert "\ufffd" not in document.text


def test_decoding_rules() -> None:
    text = "<html><body><p>Grüße \u2013 10 €</p></body></html>"
    assert decode_html(text.encode("utf-8")) == text
    assert decode_html(b"\xef\xbb\xbf" + text.encode("utf-8")) == text
    assert decode_html(text.encode("utf-16")) == text  # with a BOM
    # mislabelled: declared Latin-1 but valid UTF-8 bytes
    labelled = text.replace("<html>", '<html><meta charset="iso-8859-1">')
    assert decode_html(labelled.encode("utf-8")) == labelled
    # undeclared legacy bytes
    assert decode_html(text.encode("cp1252")) == text
    # a stray byte in an otherwise UTF-8 page is replaced, the rest kept
    assert decode_html(text.encode("utf-8") + b"\xff") == text + "\ufffd"


def test_emoji_and_joiners_intact() -> None:
    # 👩\u200d💻 and 🏴 (Scotland, tag characters) are held together by characters
    # trafilatura alone drops; Persian words need the zero-width non-joiner (\u200c).
    sentence = (
        "Residents cheered 🎉 and one wrote 👩\u200d💻 online, adding 🇺🇦 and "
        "🏴\U000e0067\U000e0062\U000e0073\U000e0063\U000e0074\U000e007f flags "
        "and the words \u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645 to the post."
    )
    title = "Budget 👩\u200d👩\u200d👧 families"
    html = page(f"<title>{title}</title>", paragraphs=(*PARAGRAPHS[:2], sentence, *PARAGRAPHS[2:]))
    document = extract(html.encode("utf-8"), URL)
    assert sentence in document.text
    assert document.title == title
    assert "\U00010000" not in document.text


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2024-03-01T09:30:00+02:00", datetime(2024, 3, 1, 7, 30, tzinfo=UTC)),
        ("2024-03-01T09:30:00.123Z", datetime(2024, 3, 1, 9, 30, 0, 123000, tzinfo=UTC)),
        ("2024-03-01T09:30:00-0500", datetime(2024, 3, 1, 14, 30, tzinfo=UTC)),
        ("2024-03-01 09:30", datetime(2024, 3, 1, 9, 30, tzinfo=UTC)),
        ("2024-03-01", datetime(2024, 3, 1, tzinfo=UTC)),
        ("2024/3/1", datetime(2024, 3, 1, tzinfo=UTC)),
        ("20240301", datetime(2024, 3, 1, tzinfo=UTC)),
        ("Fri, 01 Mar 2024 09:30:00 GMT", datetime(2024, 3, 1, 9, 30, tzinfo=UTC)),
        ("2024-13-45", None),
        ("yesterday", None),
        ("", None),
    ],
)
def test_parse_datetime(value: str, expected: datetime | None) -> None:
    assert parse_datetime(value) == expected


def test_date_falls_back_to_htmldate_and_never_touches_the_network(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("network access")

    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    head = '<link rel="canonical" href="https://news.example.com/2019/10/19/budget">'
    first = extract(page(head).encode("utf-8"), "https://news.example.com/2019/10/19/x")
    second = extract_article(page(head).encode("utf-8"), "https://news.example.com/2019/10/19/x")
    assert first.published_at == datetime(2019, 10, 19, tzinfo=UTC)
    assert first == second  # deterministic, also across calls


def test_registers_as_the_extract_article_hook() -> None:
    manager = pluggy.PluginManager(hookspecs.PROJECT_NAME)
    manager.add_hookspecs(hookspecs)
    manager.register(extract_trafilatura)
    document = manager.hook.extract_article(html=page(), url=URL)
    assert isinstance(document, Document)
    assert document.text.startswith("The city council voted")
    assert extract_trafilatura.__version__ == "1.1.0"


def test_precision_mode_first_and_balanced_mode_only_for_a_short_body(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    real = extract_trafilatura._trafilatura_body
    modes: list[bool] = []

    def spy(tree: Any, base: str | None, *, precise: bool) -> Any:
        modes.append(precise)
        return real(tree, base, precise=precise)

    monkeypatch.setattr(extract_trafilatura, "_trafilatura_body", spy)
    long_page = page(body_start="".join(f"<p>{p}</p>" for p in PARAGRAPHS))  # ~1,200 chars
    extract(long_page)
    assert modes == [True]
    modes.clear()
    extract(page())  # ~600 characters
    assert modes == [True, False]


def test_a_short_precise_body_gives_way_to_a_much_longer_balanced_one(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    real = extract_trafilatura._trafilatura_body

    def lossy_precision(tree: Any, base: str | None, *, precise: bool) -> Any:
        body = real(tree, base, precise=precise)
        if precise and body is not None:
            for paragraph in list(body)[1:]:
                body.remove(paragraph)  # as when precision mode drops a rescued section
        return body

    monkeypatch.setattr(extract_trafilatura, "_trafilatura_body", lossy_precision)
    assert extract(page()).text.splitlines() == list(PARAGRAPHS)


def test_teasers_for_other_articles_are_left_out() -> None:
    teasers = (
        '<p>READ MORE: <a href="/other-story">Mayor opens a new bridge over the river</a></p>'
        "<p>DON'T MISS</p>"
        '<p><a href="/second">Storm damages roofs across the city</a></p>'
        '<p><a href="/third">Schools close early for the holidays</a></p>'
    )
    related_prose = (
        "<p>Related to the budget, the council also agreed to review parking fees next "
        "spring, after complaints from shop owners.</p>"
    )
    html = page().replace(
        f"<p>{PARAGRAPHS[2]}</p>", f"{teasers}{related_prose}<p>{PARAGRAPHS[2]}</p>"
    )
    text = extract(html).text
    assert "Mayor opens" not in text
    assert "DON'T MISS" not in text
    assert "Storm damages" not in text
    assert "Schools close" not in text
    assert "Related to the budget" in text  # prose starting like a label stays
    assert text.splitlines()[-2:] == list(PARAGRAPHS[2:])
