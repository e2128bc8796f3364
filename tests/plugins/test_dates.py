"""Publication dates: the URL's day, and which markup wins."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from truthlens.plugins._dates import url_day, with_url_day
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
