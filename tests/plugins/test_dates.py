"""Publication dates: the URL's day, and which markup wins."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from lxml.html import document_fromstring

from truthlens.plugins._dates import parse_datetime, url_day, visible_date, with_url_day
from truthlens.plugins._page_metadata import read_metadata
from truthlens.plugins.extract_trafilatura import extract_article


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://news.example/2023/11/08/mayor-elected/", date(2023, 11, 8)),
        ("https://blog.example/home/2017/7/12/a-post", date(2017, 7, 12)),
        ("https://paper.example/pais/20220503/juicio", date(2022, 5, 3)),
        ("https://site.example/2021-03-08-recap/", date(2021, 3, 8)),
        ("https://site.example/archive/2021/", None),
        ("https://site.example/id/12345678/", None),
        ("https://site.example/2021/13/45/bad/", None),
        (None, None),
    ],
)
def test_url_day(url: str | None, expected: date | None) -> None:
    assert url_day(url) == expected


def test_url_day_wins_over_a_later_or_time_zone_shifted_date() -> None:
    url = "https://news.example/2023/11/08/story/"
    later = datetime(2024, 1, 2, 9, 0, tzinfo=UTC)  # an update date posing as publication
    shifted = datetime(2023, 11, 7, 23, 0, tzinfo=UTC)
    earlier = datetime(2023, 10, 1, 9, 0, tzinfo=UTC)  # much earlier: keep what the page says
    fixed_later = with_url_day(later, url)
    assert fixed_later is not None
    assert fixed_later.date() == date(2023, 11, 8)
    fixed_shifted = with_url_day(shifted, url)
    assert fixed_shifted is not None
    assert fixed_shifted.date() == date(2023, 11, 8)
    assert with_url_day(earlier, url) == earlier
    assert with_url_day(None, url) == datetime(2023, 11, 8, tzinfo=UTC)
    assert with_url_day(later, "https://news.example/story") == later


def _page(head: str) -> str:
    body = " ".join(["The council approved the new budget after a long debate."] * 12)
    return f"<html><head>{head}</head><body><article><p>{body}</p></article></body></html>"


def test_open_graph_publication_time_wins_over_json_ld() -> None:
    head = (
        '<meta property="article:published_time" content="2022-01-06T08:29:34+01:00">'
        '<script type="application/ld+json">{"@type": "NewsArticle", '
        '"datePublished": "2021-12-06T14:36:00Z"}</script>'
    )
    document = extract_article(_page(head), "https://news.example/story")
    assert document is not None
    assert document.published_at is not None
    assert document.published_at.date() == date(2022, 1, 6)


def test_page_without_dates_takes_the_url_day() -> None:
    document = extract_article(_page(""), "https://news.example/2019/10/19/story/")
    assert document is not None
    assert document.published_at is not None
    assert document.published_at.date() == date(2019, 10, 19)


def _body_page(body: str, head: str = "") -> str:
    text = " ".join(["The council approved the new budget after a long debate."] * 12)
    return f"<html><head>{head}</head><body>{body}<article><p>{text}</p></article></body></html>"


def _day(html: str, url: str = "https://news.example/story") -> date | None:
    document = extract_article(html, url)
    assert document is not None
    return document.published_at.date() if document.published_at else None


def _stated_day(html: str) -> date | None:
    """The day the page's markup states, before htmldate's own search fills a gap."""
    published = read_metadata(document_fromstring(html), "https://news.example/story").published_at
    return published.date() if published else None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Veröffentlicht am 16.08.2019, 10:00", date(2019, 8, 16)),
        ("am 3. Februar 2022 um 21:17", date(2022, 2, 3)),
        ("31 de marzo de 2020", date(2020, 3, 31)),
        ("Published March 31, 2020", date(2020, 3, 31)),
        ("Nov 8th, 2023", date(2023, 11, 8)),
        ("2 mars 2020", date(2020, 3, 2)),
        ("19 Febbraio 2020", date(2020, 2, 19)),
        ("4. 2. 2022.", date(2022, 2, 4)),
        ("12/05/2020", None),  # day or month first? not guessed
        ("31.02.2020", None),
        ("3 Foo 2020", None),
    ],
)
def test_visible_date(text: str, expected: date | None) -> None:
    assert visible_date(text) == expected


def test_the_day_stated_in_the_pages_own_time_zone() -> None:
    evening_in_lima = parse_datetime("2022-05-07T20:06:23-05:00")
    assert evening_in_lima is not None
    assert evening_in_lima.date() == date(2022, 5, 7)  # 01:06 UTC the next day
    assert evening_in_lima == datetime(2022, 5, 8, 1, 6, 23, tzinfo=UTC)
    head = '<meta property="article:published_time" content="2023-11-08T21:24:10-05:00">'
    assert _day(_body_page("", head)) == date(2023, 11, 8)


def test_a_utc_time_takes_the_zone_of_a_time_element_showing_the_same_instant() -> None:
    head = '<meta property="article:published_time" content="2022-05-04T03:37:37+00:00">'
    shown = '<time datetime="2022-05-03T23:37:37-04:00">3 May 2022, 11:37 pm</time>'
    assert _day(_body_page(shown, head)) == date(2022, 5, 3)
    other = '<time datetime="2022-05-02T23:37:37-04:00">2 May 2022</time>'
    assert _day(_body_page(other, head)) == date(2022, 5, 4)


def test_times_of_comments_and_related_articles_are_not_the_publication_date() -> None:
    related = (
        '<ul class="related-posts"><li><article><time datetime="2020-12-03">3 Dec 2020</time>'
        "</article></li></ul>"
    )
    comments = (
        '<ol class="comment-list"><li><time datetime="2019-08-24T03:36:11+02:00">24 August</time>'
        "</li></ol>"
    )
    assert _stated_day(_body_page(related + comments)) is None
    own = '<p class="post-byline">von eseppelt · 31. Oktober 2023</p>'
    assert _day(_body_page(related + own)) == date(2023, 10, 31)


def test_a_time_element_without_datetime_gives_its_text() -> None:
    shown = '<main><article><ul><li class="date"><time>31.03.2020</time></li></ul></article></main>'
    assert _day(_body_page(shown)) == date(2020, 3, 31)


def test_a_labelled_dateline_is_read_when_the_markup_states_no_date() -> None:
    dateline = "<p>Veröffentlicht am 16.08.2019 von Redaktion</p>"
    assert _day(_body_page(dateline)) == date(2019, 8, 16)
    updated = "<p>Aktualisiert am 16.08.2019</p>"  # an update label is no publication date
    assert _stated_day(_body_page(updated)) is None


def test_the_sites_own_header_date_is_todays_date_not_the_articles() -> None:
    header = '<header><div class="date">Mittwoch, 01. November 2023</div></header>'
    article_date = '<div class="intro"><span class="text_datum">31. Oktober 2023.</span></div>'
    assert _day(_body_page(header + article_date)) == date(2023, 10, 31)
