"""Built-in article extraction: trafilatura for the body, the page's own markup for metadata.

One trafilatura pass with links kept gives both the text and the body links; the
metadata comes from `_page_metadata`, with trafilatura's own reader (and htmldate's
date) only filling what the page did not state. Nothing here touches the network:
trafilatura only ever sees an already parsed tree.
"""

from __future__ import annotations

import codecs
import dataclasses
import re
from datetime import UTC, datetime
from typing import Any

import trafilatura
from lxml.etree import _Element, strip_tags
from trafilatura.xml import xmltotxt  # its own "txt" serializer, here without the links

from truthlens import Document, Link, hookimpl
from truthlens.plugins._byline import clean_authors
from truthlens.plugins._page_metadata import PageMetadata, absolute_url, read_metadata

__version__ = "1.1.0"

_CHROME_XPATH = (
    "//nav | //aside | //footer | //header[not(ancestor::article or ancestor::main)]"
    " | //*[@role='navigation' or @role='banner' or @role='contentinfo']"
)
_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_DECLARED_CHARSET = re.compile(
    rb"""<meta[^>]+?charset\s*=\s*["']?\s*([a-zA-Z0-9_.:-]+)"""
    rb"""|<\?xml[^>]+encoding\s*=\s*["']([a-zA-Z0-9_.:-]+)""",
    re.IGNORECASE,
)
# WHATWG: these labels mean windows-1252 / a superset in browsers, and a <meta> that
# claims UTF-16 on an ASCII-compatible byte stream means UTF-8.
_CHARSET_ALIASES = {
    "iso-8859-1": "cp1252",
    "iso8859-1": "cp1252",
    "latin-1": "cp1252",
    "latin1": "cp1252",
    "l1": "cp1252",
    "ascii": "cp1252",
    "us-ascii": "cp1252",
    "iso-8859-9": "cp1254",
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "tis-620": "cp874",
    "utf-16": "utf-8",
    "utf-16le": "utf-8",
    "utf-16be": "utf-8",
}
# trafilatura drops non-printable characters, among them the joiners that hold emoji
# sequences together (👩\u200d💻, 🏴 subdivision flags) and that Persian and Indic words
# need. They pass through it as printable stand-ins (a Linear B mark and an index), unless
# the page itself contains that mark.
_JOINERS = "\u200c\u200d" + "".join(map(chr, range(0xE0020, 0xE0080)))
_JOINER = re.compile("[\u200c\u200d\U000e0020-\U000e007f]")
_STAND_IN_MARK = "\U00010000"
_STAND_IN_BASE = 0x10080
_STAND_IN = re.compile(f"{_STAND_IN_MARK}([\U00010080-\U000100fa])")
_TEASER_LABEL = re.compile(
    r"(?:(?:read|see|watch) more|related(?: (?:stories|articles|posts?|recipes|content|"
    r"coverage|reading))?|also read|don'?t miss|you (?:may|might) also like|more from|"
    r"recommended(?: for you)?|lesen sie auch|mehr zum thema|auch interessant|"
    r"das könnte sie auch interessieren|weitere artikel|leia também|leia mais|lea también|"
    r"lee también|à lire aussi|lire aussi)\b",
    re.IGNORECASE,
)
# Below this many characters a precision-mode body may have lost the article.
_SHORT_BODY = 1000
# Fixed rather than "today" (trafilatura's default), so the same page always gives the
# same date; htmldate still refuses dates before 1995.
_DATE_PARAMS = {"original_date": True, "extensive_search": True, "max_date": "2100-12-31"}


@hookimpl
def extract_article(html: str | bytes, url: str | None) -> Document | None:
    """Extract the article text, body links and metadata from an HTML page."""
    source = decode_html(html)
    protected = _protect_joiners(source)
    tree = _parse(protected)
    if tree is None:
        return Document(text="", url=url)
    page = read_metadata(tree, url)
    text, links = _body(tree, url or page.canonical_url)
    text = _without_headline(text, page.title, tree)
    if page.author is None or page.published_at is None or page.title is None:
        page = _fill_gaps(page, tree, url)
    document = Document(
        text=text,
        title=page.title,
        author=page.author,
        published_at=page.published_at,
        modified_at=page.modified_at,
        site_name=page.site_name,
        url=url,
        canonical_url=page.canonical_url,
        language=page.language,
        kind=page.kind,
        description=page.description,
        links=links,
    )
    return _restore_joiners(document) if protected is not source else document


def decode_html(html: str | bytes) -> str:
    """Decode fetched bytes: BOM, then valid UTF-8, then the page's declared charset.

    UTF-8 wins over a different declaration when the bytes are valid UTF-8, because
    legacy text almost never is, while mislabelled UTF-8 pages are common.
    """
    if isinstance(html, str):
        return html.removeprefix("\ufeff")
    for bom, encoding in _BOMS:
        if html.startswith(bom):
            return html[len(bom) :].decode(encoding, errors="replace")
    try:
        return html.decode("utf-8")
    except UnicodeDecodeError:
        pass
    declared = _declared_encoding(html[:4096])
    if declared is not None and declared != "utf-8":
        return html.decode(declared, errors="replace")
    as_utf8 = html.decode("utf-8", errors="replace")
    replaced = as_utf8.count("\ufffd")
    multibyte = sum(1 for char in as_utf8 if ord(char) > 0x7F) - replaced
    if declared == "utf-8" or multibyte >= replaced:
        return as_utf8  # UTF-8 with a few stray bytes
    return html.decode("cp1252", errors="replace")  # undeclared legacy page


def _declared_encoding(head: bytes) -> str | None:
    match = _DECLARED_CHARSET.search(head)
    if match is None:
        return None
    label = (match.group(1) or match.group(2)).decode("ascii").lower()
    label = _CHARSET_ALIASES.get(label, label)
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None


def _parse(text: str) -> _Element | None:
    if not text.strip():
        return None
    tree: _Element | None = trafilatura.load_html(text)
    return tree


def _protect_joiners(text: str) -> str:
    """Swap joiners for printable stand-ins; returns `text` itself when there are none."""
    if not _JOINER.search(text) or _STAND_IN_MARK in text:
        return text
    return _JOINER.sub(lambda m: _STAND_IN_MARK + chr(_STAND_IN_BASE + _JOINERS.index(m[0])), text)


def _restore_joiners(document: Document) -> Document:
    def restore(value: str | None) -> str | None:
        if value is None or _STAND_IN_MARK not in value:
            return value
        return _STAND_IN.sub(lambda m: _JOINERS[ord(m[1]) - _STAND_IN_BASE], value)

    return dataclasses.replace(
        document,
        text=restore(document.text) or "",
        title=restore(document.title),
        author=restore(document.author),
        site_name=restore(document.site_name),
        description=restore(document.description),
        canonical_url=restore(document.canonical_url),
        links=tuple(
            Link(restore(link.url) or "", restore(link.text) or "") for link in document.links
        ),
    )


def _body(tree: _Element, base: str | None) -> tuple[str, tuple[Link, ...]]:
    """Main text (paragraphs separated by "\\n") and the links inside it.

    trafilatura's precision mode leaves out more teasers, newsletter boxes and related
    links; on pages where it finds little (a product page, a recipe, a forum thread),
    its balanced mode with its rescue passes runs too, and wins when it finds at least
    twice as much.
    """
    body = _trafilatura_body(tree, base, precise=True)
    found = _text_size(body)
    if found < _SHORT_BODY:
        balanced = _trafilatura_body(tree, base, precise=False)
        if _text_size(balanced) >= 2 * found:
            body = balanced
    if body is None:
        return "", ()
    _drop_teasers(body)
    links: dict[tuple[str, str], Link] = {}
    for ref in body.iter("ref"):
        target = absolute_url(ref.get("target") or "", base)
        label = " ".join("".join(ref.itertext()).split())
        if target is not None and not _same_page(target, base):
            links.setdefault((target, label), Link(url=target, text=label))
        _squash_whitespace(ref)
    strip_tags(body, "ref")
    text = _plain_text(body)
    if _only_page_chrome(text, tree):
        return "", ()
    return text, tuple(links.values())


def _drop_teasers(body: _Element) -> None:
    """Remove links to other articles that trafilatura keeps inside the body: a labelled
    teaser ("READ MORE: <link>", "Related: <link>") and a label line ("DON'T MISS",
    "You may also like...") with the link-only lines that follow it."""
    children = list(body)
    index = 0
    while index < len(children):
        child = children[index]
        index += 1
        text = " ".join("".join(child.itertext()).split())
        label = _TEASER_LABEL.match(text)
        if label is None or len(text) > 300:
            continue
        rest = text[label.end() :].strip(" :.\u2026!-|")
        if rest and _link_share(child, text) < 0.5:
            continue
        body.remove(child)
        while not rest and index < len(children):
            following = children[index]
            following_text = " ".join("".join(following.itertext()).split())
            if not following_text or _link_share(following, following_text) < 0.9:
                break
            body.remove(following)
            index += 1


def _link_share(element: _Element, text: str) -> float:
    linked = sum(len(" ".join("".join(ref.itertext()).split())) for ref in element.iter("ref"))
    return linked / len(text) if text else 0.0


def _trafilatura_body(tree: _Element, base: str | None, *, precise: bool) -> _Element | None:
    result = trafilatura.bare_extraction(
        tree,  # trafilatura copies a tree it is given, so ours stays intact
        url=base,
        favor_precision=precise,
        include_comments=False,
        include_tables=True,
        include_links=True,
        with_metadata=False,
        deduplicate=False,  # its cache is process-wide: results would depend on history
    )
    body: _Element | None = getattr(result, "body", None)
    return body


def _text_size(body: _Element | None) -> int:
    return 0 if body is None else len(" ".join("".join(body.itertext()).split()))


def _only_page_chrome(text: str, tree: _Element) -> bool:
    """True when every extracted line is a short entry of a menu, header, footer or sidebar.

    On pages without an article, trafilatura's last-resort pass returns menu entries.
    Long lines never count: unclosed headers sometimes swallow a whole article.
    """
    lines = text.splitlines()
    if not lines or any(len(line) > 100 for line in lines):
        return False
    chrome = " ".join(" ".join(region.itertext()) for region in tree.xpath(_CHROME_XPATH))
    chrome = " ".join(chrome.split())
    return all(line in chrome for line in lines)


def _same_page(target: str, base: str | None) -> bool:
    return base is not None and target.split("#", 1)[0] == base.split("#", 1)[0]


def _squash_whitespace(ref: _Element) -> None:
    """Collapse the raw source whitespace a kept link carries, as trafilatura does without links."""
    for node in ref.iter():
        node.text = _squash(node.text)
        if node is not ref:
            node.tail = _squash(node.tail)
    ref.tail = _squash(ref.tail)


def _squash(value: str | None) -> str | None:
    if not value:
        return value
    core = " ".join(value.split())
    lead = " " if value[0].isspace() else ""
    trail = " " if value[-1].isspace() and core else ""
    return f"{lead}{core}{trail}"


def _plain_text(body: _Element) -> str:
    rendered: str = xmltotxt(body, False)
    lines = (" ".join(line.split()) for line in rendered.splitlines())
    return "\n".join(line for line in lines if line)


_TITLE_SUFFIX = re.compile(r"\s+[|\u2013\u2014-]\s+[^|\u2013\u2014-]{1,60}$")


def _without_headline(text: str, title: str | None, tree: _Element) -> str:
    """The body without the headline trafilatura often keeps as its first line: the
    headline is the document's title, not part of its text."""
    first, newline, rest = text.partition("\n")
    if not newline or not rest.strip():
        return text
    key = first.casefold()
    headlines = [" ".join("".join(h.itertext()).split()) for h in tree.iter("h1")]
    if title:
        headlines.extend((title, _TITLE_SUFFIX.sub("", title)))
    if any(key == headline.casefold() for headline in headlines if headline):
        return rest
    return text


def _fill_gaps(page: PageMetadata, tree: _Element, url: str | None) -> PageMetadata:
    """Ask trafilatura (and htmldate, for the date) for what the page did not state."""
    found: Any = trafilatura.extract_metadata(tree, url, date_config=dict(_DATE_PARAMS))
    published = page.published_at
    if published is None and found.date:
        try:
            published = datetime.strptime(found.date, "%Y-%m-%d").replace(tzinfo=UTC)
        except ValueError:
            published = None
    return dataclasses.replace(
        page,
        title=page.title or found.title or None,
        author=page.author or clean_authors(found.author or ""),
        published_at=published,
    )
