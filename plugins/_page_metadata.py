"""Page metadata read straight from the HTML: JSON-LD, meta tags, links and bylines.

trafilatura reads metadata too, but it drops authors on some JSON-LD article types,
keeps only the date (no time, no zone) and has no notion of an opinion piece, so the
extraction plugin reads the page itself first and asks trafilatura only for the gaps.
Byline cleaning and the choice of author live in `_byline`, date parsing in `_dates`.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from urllib.parse import urljoin, urlsplit

from lxml.etree import _Element

from truthlens.plugins._byline import html_author, join_names, name_key, pick_author, strip_byline
from truthlens.plugins._dates import (
    dateline_markup,
    first_datetime,
    in_page_zone,
    itemprop_dates,
    labelled_dates,
    time_elements,
    with_url_day,
)
from truthlens.plugins._html_text import clean, element_text

JsonObject = Mapping[str, Any]

_KIND_BY_TYPE = {
    "opinionnewsarticle": "opinion",
    "analysisnewsarticle": "analysis",
    "newsarticle": "news",
    "reportagenewsarticle": "news",
    "blogposting": "blog",
}
# schema.org types of a node describing the article itself (every *Article and *Posting),
# and of a page node that stands in for it on pages without one.
_ARTICLE_TYPE = re.compile(r"\w*(?:article|posting)|report|review")
_PAGE_TYPE = re.compile(r"\w*page")

# Meta keys (name, property, itemprop or http-equiv, lower-cased) in order of trust.
_PUBLISHED_META = (
    *("article:published_time", "og:article:published_time", "og:published_time"),
    *("datepublished", "article.published", "publishdate", "publish-date", "publish_date"),
    *("pubdate", "parsely-pub-date", "sailthru.date", "dc.date.issued", "dcterms.issued"),
    *("dc.date.created", "dcterms.created", "dc.date", "dcterms.date", "date"),
)
_MODIFIED_META = (
    *("article:modified_time", "og:article:modified_time", "og:updated_time"),
    *("article:updated_time", "datemodified", "dc.date.modified", "dcterms.modified"),
    "last-modified",
)
_AUTHOR_META = (
    *("author", "article:author", "og:article:author", "byl", "dc.creator"),
    *("dcterms.creator", "parsely-author", "sailthru.author"),
)

_OPINION_WORDS = re.compile(
    r"\b(?:opinions?|comment|commentisfree|editorials?|op-?eds?|kommentare?|meinung)\b",
    re.IGNORECASE,
)
# Matched against whole URL path segments: a slug like /no-comment-from-police is no section.
_OPINION_SEGMENT = re.compile(
    r"opinions?|comment(?:isfree)?|editorials?|op-?eds?|kommentare?|meinung|tribunes?",
    re.IGNORECASE,
)
_LANGUAGE = re.compile(r"[a-z]{2,3}")


@dataclass(frozen=True, slots=True)
class PageMetadata:
    """What the page says about itself; None where it says nothing usable."""

    title: str | None = None
    author: str | None = None
    published_at: datetime | None = None
    modified_at: datetime | None = None
    site_name: str | None = None
    language: str | None = None
    canonical_url: str | None = None
    description: str | None = None
    kind: str | None = None


def read_metadata(tree: _Element, url: str | None) -> PageMetadata:
    """Read a parsed page's metadata; `url` resolves relative links. Never mutates `tree`."""
    base = _base_url(tree, url)
    meta_all = _meta_tags(tree)
    meta = {key: values[0] for key, values in meta_all.items()}
    nodes = list(_json_ld_nodes(tree))
    by_id = {node["@id"]: node for node in nodes if isinstance(node.get("@id"), str)}
    main = _main_node(nodes)
    canonical = _canonical_url(tree, meta, base)
    types = _types(main) if main is not None else set()
    sections = [meta.get("article:section", "")]
    if main is not None:
        sections.extend(_strings(main.get("articleSection")))
    site_name = _site_name(meta, main, nodes, by_id, url or canonical)
    publishers = {name_key(n) for n in (site_name, meta.get("og:site_name")) if n}
    published = first_datetime(
        (meta.get(key, "") for key in _PUBLISHED_META),
        _json_strings(main, "datePublished", "dateCreated"),
        itemprop_dates(tree, "datePublished"),
        time_elements(tree),
        labelled_dates(tree),
        dateline_markup(tree),
    )
    modified = first_datetime(
        _json_strings(main, "dateModified"),
        (meta.get(key, "") for key in _MODIFIED_META),
        itemprop_dates(tree, "dateModified"),
    )
    return PageMetadata(
        title=_title(tree, meta, main),
        author=pick_author(_author_candidates(tree, meta_all, main, by_id), publishers),
        published_at=with_url_day(in_page_zone(tree, published), url or canonical),
        modified_at=modified,
        site_name=site_name,
        language=_language(tree, meta, main),
        canonical_url=canonical,
        description=_first_text(
            meta.get("description"),
            meta.get("og:description"),
            meta.get("twitter:description"),
            *_json_strings(main, "description"),
        ),
        kind=_kind(types, url, canonical, meta.get("og:type", ""), sections),
    )


# --- HTML helpers -------------------------------------------------------------------


def _meta_tags(tree: _Element) -> dict[str, list[str]]:
    """Non-empty values per meta key (name, property, itemprop or http-equiv), in order."""
    found: dict[str, list[str]] = {}
    for element in tree.iter("meta"):
        content = clean(element.get("content"))
        if not content:
            continue
        keys = {
            (element.get(attribute) or "").strip().lower()
            for attribute in ("property", "name", "itemprop", "http-equiv")
        }
        for key in keys - {""}:
            found.setdefault(key, []).append(content)
    return found


def _base_url(tree: _Element, url: str | None) -> str | None:
    for element in tree.iter("base"):
        href = (element.get("href") or "").strip()
        if href:
            joined = urljoin(url or "", href)
            return joined if _is_web_url(joined) else url
    return url


def _is_web_url(value: str) -> bool:
    parts = urlsplit(value)
    return parts.scheme in {"http", "https"} and bool(parts.netloc)


def absolute_url(href: str, base: str | None) -> str | None:
    """Resolve `href` against `base`; None unless the result is an http(s) URL."""
    href = href.strip()
    if not href:
        return None
    try:
        joined = urljoin(base or "", href)
    except ValueError:
        return None
    return joined if _is_web_url(joined) else None


# --- JSON-LD -------------------------------------------------------------------------


def _json_ld_nodes(tree: _Element) -> Iterator[JsonObject]:
    """Top-level JSON-LD objects, @graph members and a page's mainEntity, in page order."""
    for script in tree.iter("script"):
        if (script.get("type") or "").split(";")[0].strip().lower() != "application/ld+json":
            continue
        data = _load_json(script.text or "")
        yield from _flatten(data, depth=0)


def _load_json(text: str) -> object:
    text = text.strip()
    for prefix, suffix in (("<!--", "-->"), ("//<![CDATA[", "//]]>"), ("<![CDATA[", "]]>")):
        if text.startswith(prefix) and text.endswith(suffix):
            text = text[len(prefix) : -len(suffix)].strip()
    text = text.rstrip(";")
    if not text or len(text) > 2_000_000:
        return None
    try:
        return json.loads(text, strict=False)
    except (ValueError, RecursionError):
        pass
    try:  # the most common hand-written mistake: a trailing comma
        return json.loads(re.sub(r",\s*([}\]])", r"\1", text), strict=False)
    except (ValueError, RecursionError):
        return None


def _flatten(data: object, depth: int) -> Iterator[JsonObject]:
    if depth > 4:
        return
    if isinstance(data, list):
        for item in data:
            yield from _flatten(item, depth + 1)
    elif isinstance(data, dict):
        if "@type" in data:
            yield data
        yield from _flatten(data.get("@graph"), depth + 1)
        main_entity = data.get("mainEntity")
        if isinstance(main_entity, dict) and _has_type(main_entity, _ARTICLE_TYPE):
            yield from _flatten(main_entity, depth + 1)


def _types(node: JsonObject) -> set[str]:
    return {t.rsplit("/", 1)[-1].lower() for t in _strings(node.get("@type"))}


def _strings(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [item for item in value if isinstance(item, str)]
    return []


def _has_type(node: JsonObject, pattern: re.Pattern[str]) -> bool:
    return any(pattern.fullmatch(t) for t in _types(node))


def _main_node(nodes: list[JsonObject]) -> JsonObject | None:
    """The article node; a WebPage node stands in when the page declares no article."""
    for wanted in (_ARTICLE_TYPE, _PAGE_TYPE):
        for node in nodes:
            if _has_type(node, wanted):
                return node
    return None


def _json_strings(node: JsonObject | None, *keys: str) -> list[str]:
    if node is None:
        return []
    return [clean(value) for key in keys for value in _strings(node.get(key))]


def _resolve(value: object, by_id: Mapping[str, JsonObject]) -> object:
    if isinstance(value, dict) and set(value) <= {"@id", "@type"}:
        return by_id.get(value.get("@id"), value)  # type: ignore[arg-type]
    return value


def _names(value: object, by_id: Mapping[str, JsonObject]) -> list[tuple[str, bool]]:
    """(name, is_person) for every person or organization in a JSON-LD author value."""
    value = _resolve(value, by_id)
    if isinstance(value, list):
        return [name for item in value for name in _names(item, by_id)]
    if isinstance(value, str):
        name = clean(value)
        return [(name, True)] if name and not _looks_like_url(name) else []
    if not isinstance(value, dict):
        return []
    name = " ".join(clean(n) for n in _strings(value.get("name")))
    if not name:
        name = f"{clean(value.get('givenName'))} {clean(value.get('familyName'))}".strip()
    if not name or _looks_like_url(name):
        return []
    return [(name, "organization" not in " ".join(_types(value)))]


# --- fields --------------------------------------------------------------------------


def _first_text(*candidates: str | None) -> str | None:
    for candidate in candidates:
        cleaned = clean(candidate)
        if cleaned:
            return cleaned
    return None


def _title(tree: _Element, meta: Mapping[str, str], main: JsonObject | None) -> str | None:
    page_title = next((element_text(t, 1000) for t in tree.iter("title")), "")
    return _first_text(
        meta.get("og:title"),
        *_json_strings(main, "headline"),
        meta.get("twitter:title"),
        page_title,
    )


def _author_candidates(
    tree: _Element,
    meta: Mapping[str, list[str]],
    main: JsonObject | None,
    by_id: Mapping[str, JsonObject],
) -> Iterator[tuple[str, bool]]:
    """(author, may be a person) from the most to the least reliable source, lazily."""
    if main is not None:
        names = _names(main.get("author"), by_id) or _names(main.get("creator"), by_id)
        people = [name for name, is_person in names if is_person]
        found = join_names(strip_byline(n) for n in people or [name for name, _ in names])
        if found:
            yield found, bool(people)
    for key in _AUTHOR_META:
        values = meta.get(key, [])
        found = join_names(strip_byline(v) for v in values if not _looks_like_url(v))
        if found:
            yield found, True
    found = html_author(tree)
    if found:
        yield found, True


def _looks_like_url(value: str) -> bool:
    return value.startswith(("http://", "https://", "www.", "/")) or "@" in value


def _site_name(
    meta: Mapping[str, str],
    main: JsonObject | None,
    nodes: list[JsonObject],
    by_id: Mapping[str, JsonObject],
    url: str | None,
) -> str | None:
    publishers = _names(main.get("publisher"), by_id) if main is not None else []
    websites = [n for n in nodes if "website" in _types(n)]
    host = (urlsplit(url).hostname or "") if url else ""
    return _first_text(
        meta.get("og:site_name"),
        publishers[0][0] if publishers else None,
        *(clean(n.get("name")) for n in websites),
        meta.get("application-name"),
        host.removeprefix("www."),
    )


def _language(tree: _Element, meta: Mapping[str, str], main: JsonObject | None) -> str | None:
    candidates = [
        tree.get("lang"),
        tree.get("{http://www.w3.org/XML/1998/namespace}lang"),
        meta.get("og:locale"),
        meta.get("content-language"),
        meta.get("language"),
        meta.get("dc.language"),
        *_json_strings(main, "inLanguage"),
    ]
    for candidate in candidates:
        code = re.split(r"[-_,;\s]", (candidate or "").strip().lower(), maxsplit=1)[0]
        if _LANGUAGE.fullmatch(code) and code not in {"und", "zxx", "mul"}:
            return code
    return None


def _canonical_url(tree: _Element, meta: Mapping[str, str], base: str | None) -> str | None:
    for element in tree.iter("link"):
        if "canonical" in (element.get("rel") or "").lower().split():
            resolved = absolute_url(element.get("href") or "", base)
            if resolved:
                return resolved
    return absolute_url(meta.get("og:url", ""), base)


def _kind(
    types: set[str], url: str | None, canonical: str | None, og_type: str, sections: list[str]
) -> str | None:
    paths = [urlsplit(u).path for u in (url, canonical) if u]
    if (
        "opinionnewsarticle" in types
        or any(_OPINION_SEGMENT.fullmatch(segment) for p in paths for segment in p.split("/"))
        or _OPINION_WORDS.search(og_type)
        or any(_OPINION_WORDS.search(s) for s in sections)
    ):
        return "opinion"
    for schema_type, kind in _KIND_BY_TYPE.items():
        if schema_type in types:
            return kind
    return None
