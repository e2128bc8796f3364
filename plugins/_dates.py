"""Dates a page states: where its markup puts them, and parsing them into UTC datetimes."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from datetime import UTC, date, datetime, timedelta, timezone
from email.utils import parsedate_to_datetime
from urllib.parse import urlsplit

from lxml.etree import _Element

from truthlens.plugins._html_text import inside_boilerplate

_ISO_DATETIME = re.compile(
    r"(?P<y>\d{4})[-/.](?P<m>\d{1,2})[-/.](?P<d>\d{1,2})"
    r"(?:[T\s]+(?P<H>\d{1,2}):(?P<M>\d{2})(?::(?P<S>\d{2})(?:[.,](?P<f>\d{1,9}))?)?)?"
    r"\s*(?P<tz>[Zz]|UTC|GMT|[+-]\d{2}(?::?\d{2})?)?"
)
_COMPACT_DATE = re.compile(r"(?P<y>\d{4})(?P<m>\d{2})(?P<d>\d{2})(?:T?(?P<H>\d{2})(?P<M>\d{2}))?")


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
    return value.astimezone(UTC)


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
    """<time datetime>: one marked pubdate first, then the first in the article body."""
    times = [t for t in tree.iter("time") if t.get("datetime") and not inside_boilerplate(t)]
    yield from (t.get("datetime", "") for t in times if t.get("pubdate") is not None)
    for time in times:
        if any(a.tag in {"article", "main"} for a in time.iterancestors()):
            yield time.get("datetime", "")
            break
    if times and not any(a.tag == "header" for a in times[0].iterancestors()):
        yield times[0].get("datetime", "")
