import hashlib

import pytest

from truthlens.identity import canonical_identity, content_hash, normalize_url


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("HTTPS://Example.COM/Path", "https://example.com/Path"),  # the path keeps its case
        ("https://example.com", "https://example.com/"),
        ("https://example.com:443/a", "https://example.com/a"),
        ("http://example.com:80/a", "http://example.com/a"),
        ("http://example.com:8080/a", "http://example.com:8080/a"),
        ("https://example.com:80/a", "https://example.com:80/a"),
        ("https://example.com/a#section-2", "https://example.com/a"),
        ("https://example.com/a?#", "https://example.com/a"),
        ("  https://example.com/a \n", "https://example.com/a"),
        ("https://user:pw@example.com/a", "https://example.com/a"),
        ("https://example.com./a", "https://example.com/a"),
        ("https://Bücher.Example/a", "https://xn--bcher-kva.example/a"),
        ("https://xn--bcher-kva.example/a", "https://xn--bcher-kva.example/a"),
        ("https://[2001:DB8:0:0::1]:443/a", "https://[2001:db8::1]/a"),
        ("https://example.com/caf\u00e9 bar", "https://example.com/caf%C3%A9%20bar"),
        ("https://example.com/caf%C3%A9", "https://example.com/caf%C3%A9"),
    ],
)
def test_normalize_url(url: str, expected: str) -> None:
    assert normalize_url(url) == expected


def test_tracking_parameters_are_removed_and_others_keep_their_order() -> None:
    url = (
        "https://example.com/a?z=1&utm_source=x&UTM_Medium=y&fbclid=f&b=2&gclid=g&dclid=d"
        "&msclkid=m&mc_cid=c&mc_eid=e&igshid=i&_ga=1.2&ref_src=twsrc&yclid=y&spm=a.b&a=3"
        "&q=hello+world&empty=&flag"
    )
    assert normalize_url(url) == "https://example.com/a?z=1&b=2&a=3&q=hello+world&empty=&flag"
    assert normalize_url("https://example.com/?utm_source=x") == "https://example.com/"
    assert normalize_url("https://example.com/?ref=home&utm_=1") == "https://example.com/?ref=home"


def test_same_article_same_identity() -> None:
    spellings = [
        "https://example.com/news/1",
        "HTTPS://EXAMPLE.com:443/news/1#comments",
        "https://example.com/news/1?utm_source=newsletter&utm_campaign=daily",
    ]
    assert {normalize_url(u) for u in spellings} == {"https://example.com/news/1"}


@pytest.mark.parametrize(
    "url",
    [
        "",
        "example.com/a",
        "ftp://example.com/a",
        "mailto:someone@example.com",
        "https://",
        "https:///path",
        "https://example.com:99999/",
        "https://example.com:port/",
        "http://[::1/",
        "https://exa mple.com/",
        "https://exa<mple.com/",
        "https://exa mple\u3002\u3002com/",
    ],
)
def test_unparsable_urls_raise_value_error(url: str) -> None:
    with pytest.raises(ValueError):  # noqa: PT011 - the message varies with the cause
        normalize_url(url)


def test_canonical_on_the_same_site_wins() -> None:
    url = "https://www.example.com/story?id=7&utm_source=x"
    assert (
        canonical_identity(url, "https://example.com/2024/story#top")
        == "https://example.com/2024/story"
    )
    assert canonical_identity(url, "/amp/story") == "https://www.example.com/amp/story"
    assert canonical_identity("http://example.com/a", "https://www.example.com/a") == (
        "https://www.example.com/a"
    )


def test_canonical_on_another_site_is_ignored() -> None:
    url = "https://blog.example.com/post?utm_medium=social"
    expected = "https://blog.example.com/post"
    assert canonical_identity(url, "https://other.example/post") == expected
    assert canonical_identity(url, "https://example.com/post") == expected  # subdomain differs
    assert canonical_identity(url, "//attacker.example/post") == expected


@pytest.mark.parametrize("canonical", [None, "", "   ", "javascript:alert(1)", "http://[::1"])
def test_missing_or_broken_canonical_falls_back_to_the_url(canonical: str | None) -> None:
    assert canonical_identity("https://Example.com/a#x", canonical) == "https://example.com/a"


def test_no_url_means_no_identity() -> None:
    assert canonical_identity(None, None) is None
    assert canonical_identity(None, "https://example.com/a") is None  # unverifiable claim


def test_unparsable_url_raises() -> None:
    with pytest.raises(ValueError):  # noqa: PT011
        canonical_identity("not a url", "https://example.com/")


def test_content_hash_ignores_whitespace_layout() -> None:
    digest = content_hash("Hello world.\nSecond line.")
    assert digest == hashlib.sha256(b"Hello world. Second line.").hexdigest()
    assert content_hash("  Hello   world.\r\n\tSecond\u00a0line.  ") == digest
    assert content_hash("Hello world. Second line!") != digest
    assert content_hash("héllo") == hashlib.sha256("héllo".encode()).hexdigest()
