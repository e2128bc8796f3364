"""The reference pages and the offline IDE in a real headless Chromium.

Articles are analyzed from pages served on 127.0.0.1; the browser may reach nothing but the
service (any other request fails the test). Screenshots go to build/test-artifacts/.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

import truthlens.schema

if TYPE_CHECKING:
    from playwright.sync_api import Page, Request

    from .conftest import LiveServer, Tab

OPERATIONS = Path(truthlens.schema.__file__ or "").with_name("operations")
PAGES = [
    "harbor_bridge",
    "opinion_rant",
    "spanish_article",
    "latin1_article",
    "cp1252_article",
    "shift_jis_article",
]
# An astral character (two UTF-16 units) before evidence spans: a page that sliced the text
# by code point offsets without converting would highlight one unit too early.
EMOJI_TEXT = (
    "🚀 Officials said the outrageous plan was a disaster, according to the report. "
    "The council voted 7-2 on Tuesday to repair the bridge, the mayor said. 🌉 Critics called "
    "it a shameful, disgraceful waste of money, said the report."
)
CARD = (OPERATIONS / "article_card.graphql").read_text(encoding="utf-8")
ANALYZE_TEXT = """
mutation($input: AnalyzeTextInput!) { analyzeText(input: $input) {
  __typename ... on Article { id } ... on AnalysisError { code message } } }
"""
ANALYZE_URL = """
mutation($url: String!) { analyzeUrl(url: $url) {
  __typename ... on Article { id } ... on AnalysisError { code message } } }
"""


def operation(name: str) -> str:
    """An operation file as a frontend sends it: with ArticleCard appended where used."""
    document = (OPERATIONS / name).read_text(encoding="utf-8")
    return document + "\n" + CARD if "...ArticleCard" in document else document


def article_query(server: LiveServer, article_id: str) -> dict[str, Any]:
    data = server.graphql(operation("article_page.graphql"), id=article_id)
    article: dict[str, Any] = data["article"]
    return article


def home_ids(server: LiveServer) -> list[str]:
    data = server.graphql(operation("home_list.graphql"), first=100)
    return [edge["node"]["id"] for edge in data["articles"]["edges"]]


@pytest.fixture(scope="session")
def corpus(live_server: LiveServer, page_server: str) -> dict[str, str]:
    """Analyzes the local pages and the emoji text once; name -> article id."""
    ids: dict[str, str] = {}
    for name in PAGES:
        result = live_server.graphql(ANALYZE_URL, url=f"{page_server}/{name}.html")
        assert result["analyzeUrl"]["__typename"] == "Article", result
        ids[name] = result["analyzeUrl"]["id"]
    result = live_server.graphql(ANALYZE_TEXT, input={"text": EMOJI_TEXT, "title": "Rocket 🚀"})
    assert result["analyzeText"]["__typename"] == "Article", result
    ids["emoji"] = result["analyzeText"]["id"]
    return ids


def record_queries(page: Page) -> list[dict[str, Any]]:
    """Collects the JSON bodies the page POSTs to /graphql."""
    bodies: list[dict[str, Any]] = []

    def on_request(request: Request) -> None:
        if request.method == "POST" and request.url.endswith("/graphql"):
            bodies.append(json.loads(request.post_data or "{}"))

    page.on("request", on_request)
    return bodies


def marked_coverage(page: Page, text: str) -> list[set[str]]:
    """For each code point of the text, the metrics whose highlight covers it in the page."""
    pieces: list[list[Any]] = page.eval_on_selector(
        "#article-text",
        """root => Array.from(root.childNodes, node => [
            node.textContent, node.nodeName === 'MARK' ? node.dataset.metrics.split(' ') : []
        ])""",
    )
    assert "".join(piece for piece, _ in pieces) == text
    coverage: list[set[str]] = []
    for piece, metrics in pieces:
        coverage.extend(set(metrics) for _ in piece)  # iterating a str walks code points
    return coverage


def expected_coverage(article: dict[str, Any]) -> list[set[str]]:
    coverage: list[set[str]] = [set() for _ in article["text"]]
    for score in article["scores"]:
        for evidence in score["evidence"]:
            for index in range(evidence["start"], evidence["end"]):
                coverage[index].add(score["metric"])
    return coverage


def test_home_lists_recent_analyses_page_by_page(
    tab: Tab, live_server: LiveServer, corpus: dict[str, str]
) -> None:
    page = tab.page
    queries = record_queries(page)
    expected = home_ids(live_server)
    assert len(expected) > 6  # three pages of three
    page.goto(f"{live_server.url}/?first=3")
    cards = page.locator("#articles > li")
    cards.nth(2).wait_for()
    assert cards.count() == 3
    assert page.locator("#list-status").inner_text() == f"Showing 3 of {len(expected)} analyses."
    tab.screenshot("home")

    while page.locator("#load-more").is_visible():
        before = cards.count()
        page.locator("#load-more").click()
        cards.nth(min(before + 3, len(expected)) - 1).wait_for()
        # Keyboard users land on the first new card.
        focused = page.evaluate("document.activeElement.getAttribute('href')")
        assert focused == f"/articles/{expected[before]}"
    assert cards.count() == len(expected)
    hrefs = [cards.nth(i).locator("a").get_attribute("href") for i in range(cards.count())]
    assert hrefs == [f"/articles/{article_id}" for article_id in expected]

    # Each card shows the suggested headline, site, date and average score of its article.
    for index, article_id in enumerate(expected):
        article = article_query(live_server, article_id)
        card = cards.nth(index)
        assert card.locator("h3").inner_text() == article["summary"]["headline"]
        site = card.locator(".site").inner_text()
        assert site == (article["siteName"] or ("127.0.0.1" if article["url"] else "Pasted text"))
        moment = article["publishedAt"] or article["analyzedAt"]
        assert card.locator("time").get_attribute("datetime") == moment
        assert card.locator(".score-value").inner_text() == f"{article['averageScore']:.1f}"

    assert len(queries) == 3
    assert {q["query"] for q in queries} == {operation("home_list.graphql")}
    assert [q["variables"]["after"] is None for q in queries] == [True, False, False]
    tab.screenshot("home-all-pages")
    tab.assert_clean()


def test_analyze_form_reports_typed_errors_and_opens_the_article(
    tab: Tab, live_server: LiveServer, page_server: str, corpus: dict[str, str]
) -> None:
    page = tab.page
    queries = record_queries(page)
    page.goto(live_server.url)
    page.locator("#list-status", has_text="Showing").wait_for()

    # An empty submission is caught before any request.
    page.get_by_role("button", name="Analyze").click()
    assert page.get_by_role("alert").inner_text().startswith("Enter the address")

    # A failing URL: the API's typed error is shown, code and message.
    missing = f"{page_server}/no-such-page.html"
    failure = live_server.graphql(ANALYZE_URL, url=missing)["analyzeUrl"]
    assert failure["__typename"] == "AnalysisError"
    page.get_by_label("Article URL").fill(missing)
    page.get_by_label("Article URL").press("Enter")
    alert = page.get_by_role("alert")
    alert.get_by_text(failure["code"]).wait_for()
    assert failure["message"] in alert.inner_text()
    assert page.evaluate("document.activeElement.id") == "analyze-error"
    tab.screenshot("home-analyze-error")

    # A URL analyzed before: the form opens its existing analysis.
    page.get_by_label("Article URL").fill(f"{page_server}/harbor_bridge.html")
    page.get_by_role("button", name="Analyze").click()
    page.wait_for_url(f"{live_server.url}/articles/{corpus['harbor_bridge']}")
    page.locator("#headline").wait_for()
    page.go_back()
    page.locator("#list-status", has_text="Showing").wait_for()

    # Pasted text, chosen and typed with the keyboard only.
    text = "The library board approved a 3% budget increase on Monday, the chair said."
    page.get_by_label("Pasted text").check()
    page.get_by_label("Article text").fill(text)
    page.get_by_label("Title (optional)").fill("Library budget")
    page.get_by_label("Title (optional)").press("Enter")
    page.wait_for_url(f"{live_server.url}/articles/*")
    page.locator("#headline").wait_for()
    article_id = page.url.rsplit("/", 1)[1]
    article = article_query(live_server, article_id)
    assert article["text"] == text
    assert article["title"] == "Library budget"
    assert page.locator("#headline").inner_text() == article["summary"]["headline"]

    files = {
        "HomeList": "home_list.graphql",
        "AnalyzeUrl": "analyze.graphql",
        "AnalyzeText": "analyze.graphql",
        "ArticlePage": "article_page.graphql",
    }
    names = [q["operationName"] for q in queries]
    assert names == [
        "HomeList",
        "AnalyzeUrl",
        "AnalyzeUrl",
        "ArticlePage",
        "HomeList",
        "AnalyzeText",
        "ArticlePage",
    ]
    assert all(q["query"] == operation(files[q["operationName"]]) for q in queries)
    tab.assert_clean()


def check_article_page(tab: Tab, live_server: LiveServer, article_id: str, shot: str) -> None:
    page = tab.page
    queries = record_queries(page)
    article = article_query(live_server, article_id)
    page.goto(f"{live_server.url}/articles/{article_id}")
    page.locator("#analysis").wait_for()

    assert page.locator("#headline").inner_text() == article["summary"]["headline"]
    assert page.locator("#original-title cite").inner_text() == article["title"]
    assert page.locator("#average").inner_text() == f"{article['averageScore']:.1f} / 10"
    assert page.locator("#summary").inner_text() == article["summary"]["text"]
    assert page.locator("#analyzed").get_attribute("datetime") == article["analyzedAt"]
    if article["publishedAt"]:
        assert page.locator("#published").get_attribute("datetime") == article["publishedAt"]
    assert page.locator("#published-row").is_visible() == bool(article["publishedAt"])
    assert page.locator("#author-row").is_visible() == bool(article["author"])
    assert page.locator("#link-row").is_visible() == bool(article["url"])
    if article["url"]:
        assert page.locator("#article-link").get_attribute("href") == article["url"]
    assert page.title().startswith(article["summary"]["headline"])

    # The chart: one point per metric; hovering shows explanation and evidence.
    points = page.locator("#chart circle.point")
    assert points.count() == len(article["scores"])
    details = page.locator("#metric-details")
    for index, score in enumerate(article["scores"]):
        points.nth(index).hover()
        details.locator("h3", has_text=score["label"]).wait_for()
        shown = details.inner_text()
        assert score["explanation"] in shown
        for evidence in score["evidence"][:12]:
            assert evidence["text"] in shown
            assert evidence["label"] in shown
    tab.screenshot(f"{shot}-hover")

    # And the keyboard: focus reaches a point with Tab order, arrows move between points.
    assert points.first.get_attribute("tabindex") == "0"
    page.locator("#chart-help").click()
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.dataset.metric") == article["scores"][0]["metric"]
    details.locator("h3", has_text=article["scores"][0]["label"]).wait_for()
    if len(article["scores"]) > 1:
        page.keyboard.press("ArrowDown")
        second = article["scores"][1]
        assert page.evaluate("document.activeElement.dataset.metric") == second["metric"]
        details.locator("h3", has_text=second["label"]).wait_for()
        assert second["explanation"] in details.inner_text()

    # Highlights: every code point is covered by exactly the metrics whose evidence covers it.
    assert any(score["evidence"] for score in article["scores"])
    assert marked_coverage(page, article["text"]) == expected_coverage(article)
    for mark in page.locator("#article-text mark").all()[:20]:
        title = mark.get_attribute("title") or ""
        metrics = (mark.get_attribute("data-metrics") or "").split()
        labels = {s["metric"]: s["label"] for s in article["scores"]}
        assert all(f"{labels[m]}: " in title for m in metrics)
    tab.screenshot(shot)

    assert [q["query"] for q in queries] == [operation("article_page.graphql")]
    assert queries[0]["variables"] == {"id": article_id}

    page.get_by_role("link", name="Back to all analyses").click()
    page.wait_for_url(f"{live_server.url}/")
    page.locator("#articles > li").first.wait_for()
    tab.assert_clean()


def test_article_page(tab: Tab, live_server: LiveServer, corpus: dict[str, str]) -> None:
    check_article_page(tab, live_server, corpus["harbor_bridge"], "article")


def test_article_page_highlights_after_an_emoji(
    tab: Tab, live_server: LiveServer, corpus: dict[str, str]
) -> None:
    article = article_query(live_server, corpus["emoji"])
    outrageous = EMOJI_TEXT.index("outrageous")
    spans = [e for s in article["scores"] for e in s["evidence"]]
    assert any(e["start"] == outrageous for e in spans)  # a span after the first emoji
    assert any(e["start"] > EMOJI_TEXT.index("🌉") for e in spans)  # and after the second
    check_article_page(tab, live_server, corpus["emoji"], "article-emoji")


def test_unknown_article_says_so(tab: Tab, live_server: LiveServer) -> None:
    page = tab.page
    page.goto(f"{live_server.url}/articles/QXJ0aWNsZTo5OTk5OTk")  # Article:999999
    alert = page.get_by_role("alert")
    alert.wait_for()
    assert "no analysis with this id" in alert.inner_text()
    assert page.locator("#analysis").is_hidden()

    # A malformed id: the API's error message is shown.
    page.goto(f"{live_server.url}/articles/not-an-id")
    alert.wait_for()
    assert "Could not load this analysis: invalid Article id" in alert.inner_text()
    tab.assert_clean()


def test_graphiql_works_offline(tab: Tab, live_server: LiveServer) -> None:
    page = tab.page
    introspection = "__schema"
    with page.expect_request(
        lambda r: r.method == "POST" and introspection in (r.post_data or "")
    ) as request:
        page.goto(f"{live_server.url}/graphql")
    response = request.value.response()
    assert response is not None
    assert response.status == 200
    assert "__schema" in response.json()["data"]
    page.locator(".graphiql-container .graphiql-query-editor").wait_for()
    tab.screenshot("graphiql")
    tab.assert_clean()
