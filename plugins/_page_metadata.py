"""Page metadata read straight from the HTML: JSON-LD, meta tags, links and bylines.

trafilatura reads metadata too, but it drops authors on some JSON-LD article types,
keeps only the date (no time, no zone) and has no notion of an opinion piece, so the
extraction plugin reads the page itself first and asks trafilatura only for the gaps.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone
from email.utils import parsedate_to_datetime
from typing import Any
from urllib.parse import urljoin, urlsplit

from lxml.etree import _Element  # type: ignore[import-untyped]

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

_ISO_DATETIME = re.compile(
    r"(?P<y>\d{4})[-/.](?P<m>\d{1,2})[-/.](?P<d>\d{1,2})"
    r"(?:[T\s]+(?P<H>\d{1,2}):(?P<M>\d{2})(?::(?P<S>\d{2})(?:[.,](?P<f>\d{1,9}))?)?)?"
    r"\s*(?P<tz>[Zz]|UTC|GMT|[+-]\d{2}(?::?\d{2})?)?"
)
_COMPACT_DATE = re.compile(r"(?P<y>\d{4})(?P<m>\d{2})(?P<d>\d{2})(?:T?(?P<H>\d{2})(?P<M>\d{2}))?")

_BYLINE_PREFIX = re.compile(
    r"^(?:(?:written|posted|published|reported|words|story|text)\s+by|"
    r"(?:veröffentlicht|erstellt|geschrieben|verfasst|artikel|beitrag|text)\s+von|"
    r"(?:publié|écrit|rédigé)\s+par|(?:publicado|escrito)\s+por|"
    r"by|von|par|por|door|przez|di|author|autor|autorin|auteur|text)\s*[:\-]?\s+",
    re.IGNORECASE,
)
# A byline label inside a longer byline text: "10 May 2024 · by Jane Doe".
_BYLINE_INSIDE = re.compile(r"(?:^|[\s·|•,:])(?:by|von|par|por|door|przez)\s+", re.IGNORECASE)
# Where a byline's name ends: a separator, a date or a "published/updated" note.
_BYLINE_END = re.compile(
    r"\s*[|•·\n]\s*|\s+[-\u2013\u2014]\s+|\s+(?=\d)|"
    r"\s+(?:[Uu]pdated|[Pp]ublished|[Pp]osted|[Aa]ktualisiert|[Vv]eröffentlicht|on|am|le|el)\b"
)
# What byline markup holds besides names: labels, months, placeholders, picture credits.
_NOT_A_NAME = re.compile(
    r"by|von|par|por|door|przez|di|author|autor|autorin|auteur|text|posted|published|"
    r"publiziert|veröffentlicht|datum|date|quelle|source|unknown|unbekannt|unbenannt|"
    r"anonym(?:ous)?|admin(?:istrator)?|none|null|january|february|march|april|june|july|"
    r"august|september|october|november|december|januar|februar|märz|juni|juli|oktober|"
    r"dezember|janvier|février|mars|avril|juin|juillet|août|septembre|octobre|novembre|"
    r"décembre|enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|octubre|"
    r"noviembre|diciembre",
    re.IGNORECASE,
)
_CREDIT = re.compile(r"(?:fotos?|photos?|bild|image|credits?|quelle|source)\s*:", re.IGNORECASE)
_BYLINE_CLASS = re.compile(r"byline|author|autor|auteur|writer", re.IGNORECASE)
_COMMENTS_LABEL = re.compile(r"\bcomment", re.IGNORECASE)
_NAME_SPLIT = re.compile(r"\s*(?:;|,|&|\band\b|\bund\b|\bet\b|\by\b|\bi\b)\s*")
_NAME_WORD = re.compile(r"[^\W\d_][\w'\u2019.-]*")
_DOMAIN = re.compile(r"[\w-]+(?:\.[\w-]+)*\.[a-z]{2,}", re.IGNORECASE)

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
_NOT_BYLINE_TAGS = {"html", "head", "body", "article", "main", "script", "style", "meta", "link"}
_SKIPPED_ANCESTORS = {"nav", "footer", "aside", "script", "style", "noscript", "form"}


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
    publishers = {_name_key(n) for n in (site_name, meta.get("og:site_name")) if n}
    return PageMetadata(
        title=_title(tree, meta, main),
        author=_author(_author_candidates(tree, meta_all, main, by_id), publishers),
        published_at=_first_datetime(
            _json_strings(main, "datePublished", "dateCreated"),
            (meta.get(key, "") for key in _PUBLISHED_META),
            _itemprop_dates(tree, "datePublished"),
            _time_elements(tree),
        ),
        modified_at=_first_datetime(
            _json_strings(main, "dateModified"),
            (meta.get(key, "") for key in _MODIFIED_META),
            _itemprop_dates(tree, "dateModified"),
        ),
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


def parse_datetime(value: str) -> datetime | None:
    """Parse the date formats pages use into an aware UTC datetime; naive means UTC."""
    value = value.strip()
    if not value:
        return None
    match = _ISO_DATETIME.match(value) or _COMPACT_DATE.fullmatch(value)
    if match is None:
        try:
            parsed = parsedate_to_datetime(value)  # RFC 2822, as in HTTP headers
        except (TypeError, ValueError, IndexError):
            return None
        return _to_utc(parsed)
    fields = match.groupdict()
    try:
        parsed = datetime(
            int(fields["y"]),
            int(fields["m"]),
            int(fields["d"]),
            int(fields["H"] or 0),
            int(fields["M"] or 0),
            int(fields.get("S") or 0),
            int((fields.get("f") or "0")[:6].ljust(6, "0")),
            tzinfo=_zone(fields.get("tz")),
        )
    except ValueError:
        return None
    return _to_utc(parsed)


def _to_utc(value: datetime) -> datetime | None:
    if not 1900 <= value.year <= 2200:
        return None
    if value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    return value.astimezone(UTC)


def _zone(text: str | None) -> timezone:
    if not text or text.upper() in {"Z", "UTC", "GMT"}:
        return UTC
    digits = text[1:].replace(":", "")
    offset = timedelta(hours=int(digits[:2]), minutes=int(digits[2:4] or 0))
    if offset >= timedelta(hours=24):
        raise ValueError(text)
    return timezone(-offset if text[0] == "-" else offset)


# --- HTML helpers -------------------------------------------------------------------


def _clean(value: object) -> str:
    """Unescape entities and collapse whitespace; non-strings become ""."""
    if not isinstance(value, str):
        return ""
    return " ".join(html.unescape(value).split())


def _element_text(element: _Element, limit: int = 300) -> str:
    parts: list[str] = []
    size = 0
    for piece in element.itertext():
        parts.append(piece)
        size += len(piece)
        if size > limit:
            break
    return " ".join(" ".join(parts).split())


def _meta_tags(tree: _Element) -> dict[str, list[str]]:
    """Non-empty values per meta key (name, property, itemprop or http-equiv), in order."""
    found: dict[str, list[str]] = {}
    for element in tree.iter("meta"):
        content = _clean(element.get("content"))
        if not content:
            continue
        keys = {
            (element.get(attribute) or "").strip().lower()
            for attribute in ("property", "name", "itemprop", "http-equiv")
        }
        for key in keys - {""}:
            found.setdefault(key, []).append(content)
    return found


def _inside_boilerplate(element: _Element) -> bool:
    return any(
        isinstance(ancestor.tag, str) and ancestor.tag in _SKIPPED_ANCESTORS
        for ancestor in element.iterancestors()
    )


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
    return [_clean(value) for key in keys for value in _strings(node.get(key))]


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
        name = _clean(value)
        return [(name, True)] if name and not _looks_like_url(name) else []
    if not isinstance(value, dict):
        return []
    name = " ".join(_clean(n) for n in _strings(value.get("name")))
    if not name:
        name = f"{_clean(value.get('givenName'))} {_clean(value.get('familyName'))}".strip()
    if not name or _looks_like_url(name):
        return []
    return [(name, "organization" not in " ".join(_types(value)))]


# --- fields --------------------------------------------------------------------------


def _first_text(*candidates: str | None) -> str | None:
    for candidate in candidates:
        cleaned = _clean(candidate)
        if cleaned:
            return cleaned
    return None


def _title(tree: _Element, meta: Mapping[str, str], main: JsonObject | None) -> str | None:
    page_title = next((_element_text(t, 1000) for t in tree.iter("title")), "")
    return _first_text(
        meta.get("og:title"),
        *_json_strings(main, "headline"),
        meta.get("twitter:title"),
        page_title,
    )


def _author(candidates: Iterable[tuple[str, bool]], publishers: set[str]) -> str | None:
    """The first candidate naming people; organizations and the publication's own name
    only when no source names a person."""
    fallback = None
    for name, maybe_person in candidates:
        if maybe_person and _name_key(name) not in publishers and not _DOMAIN.fullmatch(name):
            return name
        fallback = fallback or name
    return fallback


def _name_key(name: str) -> str:
    return re.sub(r"\W+", "", name.casefold())


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
        found = _join_names(_strip_byline(n) for n in people or [name for name, _ in names])
        if found:
            yield found, bool(people)
    for key in _AUTHOR_META:
        values = meta.get(key, [])
        found = _join_names(_strip_byline(v) for v in values if not _looks_like_url(v))
        if found:
            yield found, True
    found = _html_author(tree)
    if found:
        yield found, True


def _html_author(tree: _Element) -> str | None:
    """rel=author and itemprop=author elements, then byline-like elements."""
    for element in tree.xpath(
        "//*[contains(concat(' ', normalize-space(@rel), ' '), ' author ') or @itemprop='author']"
        "[not(self::link) and not(self::meta)]"
    ):
        if _inside_boilerplate(element) or _in_comments(element):
            continue
        named = element.xpath(".//*[@itemprop='name']")
        name = _strip_byline(_element_text(named[0] if named else element))
        if name and _plausible_name(name, strict=False):
            return name
    for element in tree.iter():
        if not isinstance(element.tag, str) or element.tag in _NOT_BYLINE_TAGS:
            continue
        labelled = _BYLINE_CLASS.search(f"{element.get('class', '')} {element.get('id', '')}")
        if not (labelled or _BYLINE_PREFIX.match((element.text or "").lstrip())):
            continue
        if _inside_boilerplate(element) or _in_comments(element):
            continue
        text = _element_text(element, 200)
        if len(text) > 150:
            continue
        after_label = _BYLINE_INSIDE.search(text)
        name = _strip_byline(text[after_label.end() :] if after_label else text)
        if name and _plausible_name(name, strict=not labelled):
            return name
    return None


def _in_comments(element: _Element) -> bool:
    """Reader comments carry author markup too (WordPress: class="comment-author")."""
    for depth, node in enumerate((element, *element.iterancestors())):
        if depth > 8 or node.tag in {"body", "html"}:
            break
        if _COMMENTS_LABEL.search(f"{node.get('class', '')} {node.get('id', '')}"):
            return True
    return False


def _strip_byline(text: str) -> str:
    """Reduce "By Jane Doe | 5 May 2024" to "Jane Doe", and a bare label ("By") to ""."""
    text = _clean(text)
    if _CREDIT.match(text):
        return ""
    text = _BYLINE_END.split(text, maxsplit=1)[0]
    text = " ".join(word for word in text.split() if not word.startswith("@")) or text
    previous = None
    while previous != text:
        previous = text
        text = _BYLINE_PREFIX.sub("", text).strip(" :,-\u2013\u2014")
    if _BYLINE_PREFIX.fullmatch(f"{text} ") or _NOT_A_NAME.fullmatch(text):
        return ""
    return text if any(char.isalpha() for char in text) else ""


def clean_authors(value: str) -> str | None:
    """Clean a "; "-separated author string from another reader the same way as ours."""
    return _join_names(_strip_byline(name) for name in value.split(";"))


def _plausible_name(text: str, *, strict: bool) -> bool:
    """A few short names of a few words each; `strict` (free text) also wants capitals."""
    names = [n for n in _NAME_SPLIT.split(text) if n]
    if not names or len(names) > 6:
        return False
    for name in names:
        words = name.split()
        if not 1 <= len(words) <= 5 or len(name) > 60 or _NOT_A_NAME.fullmatch(name):
            return False
        if strict and not (all(_NAME_WORD.fullmatch(w) for w in words) and name[0].isupper()):
            return False
    return True


def _join_names(names: Iterable[str]) -> str | None:
    unique: dict[str, str] = {}
    for name in names:
        name = _clean(name)
        if name:
            unique.setdefault(_name_key(name), name)
    return "; ".join(unique.values()) or None


def _looks_like_url(value: str) -> bool:
    return value.startswith(("http://", "https://", "www.", "/")) or "@" in value


def _first_datetime(*sources: Iterable[str]) -> datetime | None:
    for source in sources:
        for value in source:
            parsed = parse_datetime(value) if value else None
            if parsed is not None:
                return parsed
    return None


def _itemprop_dates(tree: _Element, prop: str) -> Iterator[str]:
    for element in tree.xpath(f"//*[@itemprop='{prop}'][not(self::meta)]"):
        yield element.get("datetime") or element.get("content") or ""


def _time_elements(tree: _Element) -> Iterator[str]:
    """<time datetime>: one marked pubdate first, then the first in the article body."""
    times = [t for t in tree.iter("time") if t.get("datetime") and not _inside_boilerplate(t)]
    yield from (t.get("datetime", "") for t in times if t.get("pubdate") is not None)
    for time in times:
        if any(a.tag in {"article", "main"} for a in time.iterancestors()):
            yield time.get("datetime", "")
            break
    if times and not any(a.tag == "header" for a in times[0].iterancestors()):
        yield times[0].get("datetime", "")


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
        *(_clean(n.get("name")) for n in websites),
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
