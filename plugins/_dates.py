"""Dates a page states: where its markup puts them, and parsing them into UTC datetimes."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from datetime import UTC, date, datetime, timedelta, timezone
from email.utils import parsedate_to_datetime
from urllib.parse import urlsplit

from lxml.etree import _Element

from truthlens.plugins._html_text import element_text, inside_boilerplate

_ISO_DATETIME = re.compile(
    r"(?P<y>\d{4})[-/.](?P<m>\d{1,2})[-/.](?P<d>\d{1,2})"
    r"(?:[T\s]+(?P<H>\d{1,2}):(?P<M>\d{2})(?::(?P<S>\d{2})(?:[.,](?P<f>\d{1,9}))?)?)?"
    r"\s*(?P<tz>[Zz]|UTC|GMT|[+-]\d{2}(?::?\d{2})?)?"
)
_COMPACT_DATE = re.compile(r"(?P<y>\d{4})(?P<m>\d{2})(?P<d>\d{2})(?:T?(?P<H>\d{2})(?P<M>\d{2}))?")


def parse_datetime(value: str) -> datetime | None:
    """Parse the date formats pages use into an aware datetime; naive means UTC.

    The page's own UTC offset is kept: the day a publisher states is the local one
    (20:00 in Lima is already tomorrow in UTC); storage converts to UTC at its boundary.
    """
    value = value.strip()
    if not value:
        return None
    match = _ISO_DATETIME.match(value) or _COMPACT_DATE.fullmatch(value)
    if match is None:
        try:
            parsed = parsedate_to_datetime(value)  # RFC 2822, as in HTTP headers
        except (TypeError, ValueError, IndexError):
            return None
        return _aware(parsed)
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
    return _aware(parsed)


def _aware(value: datetime) -> datetime | None:
    if not 1900 <= value.year <= 2200:
        return None
    if value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    return value


def _zone(text: str | None) -> timezone:
    if not text or text.upper() in {"Z", "UTC", "GMT"}:
        return UTC
    digits = text[1:].replace(":", "")
    offset = timedelta(hours=int(digits[:2]), minutes=int(digits[2:4] or 0))
    if offset >= timedelta(hours=24):
        raise ValueError(text)
    return timezone(-offset if text[0] == "-" else offset)


_URL_DATE = re.compile(
    r"/(?P<y>(?:19|20)\d{2})(?:/(?P<m>\d{1,2})/(?P<d>\d{1,2})(?=/)|(?P<m2>\d{2})(?P<d2>\d{2})(?=/|$)|"
    r"-(?P<m3>\d{2})-(?P<d3>\d{2})(?=[/_-]))"
)


def url_day(url: str | None) -> date | None:
    """The day a URL path states ("/2023/11/08/", "/20220503/"), a common CMS convention."""
    if not url:
        return None
    path = urlsplit(url).path
    for match in _URL_DATE.finditer(path):
        month = match["m"] or match["m2"] or match["m3"]
        day = match["d"] or match["d2"] or match["d3"]
        try:
            return date(int(match["y"]), int(month), int(day))
        except ValueError:
            continue
    return None


def with_url_day(published: datetime | None, url: str | None) -> datetime | None:
    """Trust the URL's day over a stated date that is later (an update) or one day earlier
    (a time zone apart); a page without any date gets the URL's day."""
    day = url_day(url)
    if day is None:
        return published
    if published is None:
        return datetime(day.year, day.month, day.day, tzinfo=UTC)
    gap = (published.date() - day).days
    if gap > 0 or gap == -1:
        return published.replace(year=day.year, month=day.month, day=day.day)
    return published


def in_page_zone(tree: _Element, published: datetime | None) -> datetime | None:
    """A time stated in UTC, moved to the page's own zone when a <time> shows the same
    instant with an offset, so that its day is the one readers saw."""
    if published is None or published.utcoffset():
        return published
    for time in tree.iter("time"):
        shown = parse_datetime(time.get("datetime") or "")
        if shown is not None and shown.utcoffset() and shown == published:
            return published.astimezone(shown.tzinfo)
    return published


def first_datetime(*sources: Iterable[str]) -> datetime | None:
    for source in sources:
        for value in source:
            parsed = parse_datetime(value) if value else None
            if parsed is not None:
                return parsed
    return None


def itemprop_dates(tree: _Element, prop: str) -> Iterator[str]:
    for element in tree.xpath(f"//*[@itemprop='{prop}'][not(self::meta)]"):
        yield element.get("datetime") or element.get("content") or ""


def time_elements(tree: _Element) -> Iterator[str]:
    """<time>: one marked pubdate first, then the first in the article body, then the
    page's first; never one in a comment, a teaser list or a related-articles box.

    A <time> without a datetime attribute gives its visible text ("31.03.2020")."""
    times = [
        t
        for t in tree.iter("time")
        if not inside_boilerplate(t) and not _in_listing(t) and _time_value(t)
    ]
    yield from (_time_value(t) for t in times if t.get("pubdate") is not None)
    for time in times:
        if any(a.tag in {"article", "main"} for a in time.iterancestors()):
            yield _time_value(time)
            break
    if times and not any(a.tag == "header" for a in times[0].iterancestors()):
        yield _time_value(times[0])


def _time_value(time: _Element) -> str:
    value = (time.get("datetime") or "").strip()
    if value:
        return value
    shown = visible_date(element_text(time, 80))
    return shown.isoformat() if shown is not None else ""


# Containers of other articles' dates: comments, teaser lists, related-article boxes.
_LISTING = re.compile(
    r"comment|kommentar|related|teaser|recommend|similar|more-?(?:news|articles|stories)|"
    r"list-?item|widget|sidebar",
    re.IGNORECASE,
)


def _in_listing(element: _Element) -> bool:
    for ancestor in element.iterancestors():
        if ancestor.tag == "body":
            return False
        marks = f"{ancestor.get('class') or ''} {ancestor.get('id') or ''}"
        if _LISTING.search(marks):
            return True
        if ancestor.tag == "article" and any(
            sibling.tag == "article"
            for sibling in (*ancestor.itersiblings(), *ancestor.itersiblings(preceding=True))
        ):
            return True
    return False


def _in_page_header(element: _Element) -> bool:
    """Inside the site's header (today's date, not the article's), not an article header."""
    tags = [a.tag for a in element.iterancestors()]
    return "header" in tags and not {"article", "main"} & set(tags)


_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            "january jan januar jänner janvier enero ene gennaio gen",
            "february feb februar février fevrier févr fevr febrero febbraio",
            "march mar märz maerz mär mars marzo",
            "april apr avril avr abril aprile",
            "may mai mayo maggio mag",
            "june jun juni juin junio giugno giu",
            "july jul juli juillet juil julio luglio lug",
            "august aug août aout agosto ago",
            "september sep sept septembre septiembre settembre set",
            "october oct okt oktober octobre octubre ottobre ott",
            "november nov novembre noviembre",
            "december dec dez dezember décembre decembre déc diciembre dic dicembre",
        ),
        start=1,
    )
    for name in names.split()
}
_MONTH_NAME = r"(?P<month>[^\W\d_]{3,10})\.?"
_VISIBLE_DATE = re.compile(
    r"(?<!\d)(?P<d1>\d{1,2})\.\s?(?P<m1>\d{1,2})\.\s?(?P<y1>(?:19|20)\d{2})(?!\d)"
    r"|(?<!\d)(?P<y2>(?:19|20)\d{2})-(?P<m2>\d{1,2})-(?P<d2>\d{1,2})(?!\d)"
    rf"|(?<!\d)(?P<d3>\d{{1,2}})(?:\.|er|st|nd|rd|th)?\s+(?:de\s+)?{_MONTH_NAME}\s+(?:de\s+)?"
    r"(?P<y3>(?:19|20)\d{2})(?!\d)"
    rf"|{_MONTH_NAME.replace('month', 'month4')}\s+(?P<d4>\d{{1,2}})(?:st|nd|rd|th)?,?\s+"
    r"(?P<y4>(?:19|20)\d{2})(?!\d)",
    re.IGNORECASE,
)


def visible_date(text: str) -> date | None:
    """The first date written for readers: "31.03.2020", "2020-03-31", "31. März 2020",
    "31 de marzo de 2020", "March 31, 2020". Slashed numbers are skipped (day or month first?)."""
    for match in _VISIBLE_DATE.finditer(text):
        if match["y1"]:
            numbers = (match["y1"], match["m1"], match["d1"])
        elif match["y2"]:
            numbers = (match["y2"], match["m2"], match["d2"])
        else:
            name = (match["month"] or match["month4"]).lower()
            month = _MONTHS.get(name)
            if month is None:
                continue
            numbers = (match["y3"] or match["y4"], str(month), match["d3"] or match["d4"])
        try:
            return date(int(numbers[0]), int(numbers[1]), int(numbers[2]))
        except ValueError:
            continue
    return None


# A publication label, then within a few words the date: "Veröffentlicht am 16.08.2019",
# "Published: May 10, 2022", "Erscheinungsdatum 25.01.2022". Update labels are not here.
_DATELINE_LABEL = re.compile(
    r"\b(?:veröffentlicht|publiziert|erschienen|erscheinungsdatum|published|posted|"
    r"publié|publiée|publicado|publicada|pubblicato|pubblicata|datum|date)\b"
    r"\s*(?:am|on|le|el|il|:)?\s*:?\s*(?P<rest>.{0,40})",
    re.IGNORECASE,
)
_DATELINE_TAGS = {"p", "span", "div", "li", "small", "time", "dd", "td", "em", "strong", "b"}


def labelled_dates(tree: _Element) -> Iterator[str]:
    """Dates the page labels as its publication date in the visible text."""
    for element in tree.iter(*_DATELINE_TAGS):
        text = element.text or ""
        if not _DATELINE_LABEL.search(text) or inside_boilerplate(element) or _in_listing(element):
            continue
        for match in _DATELINE_LABEL.finditer(element_text(element, 120)):
            rest = match["rest"]
            found = _VISIBLE_DATE.match(rest.strip())
            shown = visible_date(found[0]) if found else None
            if shown is not None:
                yield shown.isoformat()
                return


_DATELINE_CLASS = re.compile(
    r"date|datum|fecha|byline|publish|posted|dateline|entry-meta|post-meta", re.IGNORECASE
)


def dateline_markup(tree: _Element) -> Iterator[str]:
    """The first date shown in markup classed as a date or byline ("post-date", "byline")."""
    for element in tree.iter():
        marks = f"{element.get('class') or ''} {element.get('id') or ''}"
        if not isinstance(element.tag, str) or not _DATELINE_CLASS.search(marks):
            continue
        if element.tag in {"html", "body", "script", "style", "meta"}:
            continue
        if inside_boilerplate(element) or _in_listing(element) or _in_page_header(element):
            continue
        shown = visible_date(element_text(element, 120))
        if shown is not None:
            yield shown.isoformat()
            return
