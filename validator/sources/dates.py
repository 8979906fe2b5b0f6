"""Publication dates: read from every source a page offers, chosen by evidence, disagreements kept.

A page may say when it was published in several places, each with its own fault: a meta tag written by the
CMS may hold the time the page was generated, not published (a 2022 PubDate on a page that shows 发布日期
2017-05-15 and lives under /201705/); a date in the article text is the date of an event, not of the page.
pav reads these sources, in this order of trust:

1. `text`: a date the page shows under a publication label (发布时间, 发布日期, 发表时间, 发稿时间, 公开日期,
   Published, Release Date, Posted …), on a short line outside the footer; generic labels (时间, 日期, Date,
   更新时间, Updated) count only next to the headline;
2. `text near the title`: an unlabelled date on a short line just under the headline (the line of source,
   author and date most articles have);
3. `url`: the date in the page's address (/2017-05/15/, /201705/t20170515_123.html, /2017/05/15/, /20170515/;
   a month alone, /201705/, is evidence for comparison only);
4. `json-ld`: datePublished of the page's JSON-LD;
5. `comment`: the article date Founder's news CMS writes into a comment at the end of the page
   (`<!--enpproperty <date>2024-05-13 08:49:21.0</date>…`; `<!--mpproperty <founder-date>…` of its e-paper
   system, whose 00:00:00 is an issue day);
6. `meta`: article:published_time and the other publication properties, the government PubDate tag,
   firstpublishedtime and its kin.

The first source that gives a day gives published_at. When it gives no time of day and a later source gives
the same day with a time, that time is taken ("to the minute where they give the day"). A date in the article
text is never taken: no date is better than an invented one. Every source read is kept in the record's
evidence (`evidence.dates`), and rule R005 reports a page whose sources disagree by more than a day (a month for
a month-only URL): an archive must know that its publication date is uncertain.

Dates without a zone are Beijing time (+08:00). A date without a time is midnight in published_at, with its
precision ("day") kept in the evidence.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from typing import Literal

__all__ = [
    "CHINA",
    "DateSource",
    "Precision",
    "choose_date",
    "dates_disagree",
    "find_date",
    "labelled_dates",
    "near_title_date",
    "parse_date_value",
    "rfc3339",
    "source_from_text",
    "url_dates",
]

CHINA = timezone(timedelta(hours=8), "CST")

Line = tuple[str, int]
Precision = Literal["second", "minute", "day", "month"]

_D = r"[0-9０-９]"
_DATE = (
    rf"(?P<y>(?:19|20|２０|１９){_D}{{2}})\s*(?:(?P<sep>[-/.．／－])\s*(?P<m>{_D}{{1,2}})\s*(?P=sep)\s*(?P<d>{_D}{{1,2}})"
    rf"|年\s*(?P<m2>{_D}{{1,2}})\s*月\s*(?P<d2>{_D}{{1,2}})\s*日?)"
    rf"(?:\s*(?:T|\s)?\s*(?P<H>{_D}{{1,2}})\s*[:：时]\s*(?P<M>{_D}{{2}})\s*分?(?:\s*[:：]\s*(?P<S>{_D}{{2}})\s*秒?)?)?"
)
_DATE_RE = re.compile(_DATE)
# Labels that say "published" (first) and generic ones (时间, 日期, Date, Updated), trusted next to the
# headline only. A date of something else (成文日期 written, 生效 in force, 截止 deadline, 报名 registration,
# 开始/结束 start/end, 会议 meeting, 活动 event) is never a publication date.
_PUBLISHED_LABEL = (
    r"(?:发布时间|发布日期|发表时间|发表日期|发稿时间|发文日期|公开日期|公布日期|刊发时间|发布于|上传时间|录入时间"
    r"|Published(?: on| at| date)?|Publication Date|Date Published|Release Date|Released(?: on)?|Posted(?: on)?)"
)
_GENERIC_LABEL = (
    r"(?<!成文)(?<!生效)(?<!截止)(?<!报名)(?<!开始)(?<!结束)(?<!会议)(?<!活动)(?<!出生)(?<!印发)"
    r"(?:更新时间|更新日期|时间|日期|Date|Updated(?: on)?|Time)"
)
# A label right before a date (matched on the text before the date: the date is found first, which is cheaper
# than trying every label at every position).
_PUBLISHED = re.compile(_PUBLISHED_LABEL + r"\s*[:：]?\s*(?:\[|【)?\s*$", re.IGNORECASE)
_GENERIC = re.compile(_GENERIC_LABEL + r"\s*[:：]?\s*(?:\[|【)?\s*$", re.IGNORECASE)
_LABEL_WINDOW = 24  # characters before a date where its label may stand
# A metadata line is short: a paragraph of the article that names a date is not one.
_MAX_META_LINE = 200
_MAX_NEAR_TITLE_LINE = 100
_NEAR_TITLE_LINES = 4

# Dates in URLs (path only): /2017-05/15/, /201705/15/, /2017/05/15/, t20170515_, /20170515/, -20170515.html,
# and a month alone, /201705/ or /2017-05/.
_URL_DAY = re.compile(
    r"(?:(?<=/)|(?<=[/_\-t]))(?P<y>(?:19|20)\d{2})(?P<s>[-/_]?)(?P<m>0[1-9]|1[0-2])(?:(?P=s)|/)(?P<d>0[1-9]|[12]\d|3[01])"
    r"(?=[/_\-.]|$)"
)
_URL_MONTH = re.compile(r"/(?P<y>(?:19|20)\d{2})-?(?P<m>0[1-9]|1[0-2])(?=/)")


@dataclass(frozen=True, slots=True)
class DateSource:
    """One place a page says when it was published."""

    source: str  # "text 发布时间", "text near the title", "url", "json-ld datePublished", "comment enpproperty",
    # "meta PubDate", …
    value: datetime  # in its own zone (Beijing time when none was given); midnight or the 1st when not given
    precision: Precision
    line: int | None = None

    @property
    def text(self) -> str:
        """The value as precise as the source gives it: RFC 3339, a day (2017-05-15) or a month (2017-05)."""
        if self.precision == "month":
            return self.value.strftime("%Y-%m")
        if self.precision == "day":
            return self.value.strftime("%Y-%m-%d")
        return rfc3339(self.value)


def rfc3339(moment: datetime) -> str:
    """RFC 3339 text of an aware datetime, e.g. 2023-11-22T10:55:00+08:00 (no sub-seconds)."""
    return moment.isoformat(timespec="seconds")


def _digits(text: str | None) -> int:
    return int((text or "0").translate(_FULL_WIDTH))


_FULL_WIDTH = {ord(c): ord("0") + i for i, c in enumerate("０１２３４５６７８９")}


def _from_match(m: re.Match[str]) -> tuple[datetime, Precision] | None:
    groups = m.groupdict()
    try:
        moment = datetime(
            _digits(groups["y"]),
            _digits(groups["m"] or groups["m2"]),
            _digits(groups["d"] or groups["d2"]),
            _digits(groups["H"]),
            _digits(groups["M"]),
            _digits(groups["S"]),
            tzinfo=CHINA,
        )
    except (TypeError, ValueError):
        return None
    precision: Precision = "second" if groups["S"] else "minute" if groups["H"] else "day"
    return moment, precision


def parse_date_value(value: str) -> str | None:
    """An RFC 3339 date-time from a meta tag value: ISO 8601 with or without zone ("2023-11-22T10:55:00Z",
    "2023-11-22 10:55"), or the Chinese form ("2023年11月22日 10:55"). No zone means +08:00."""
    found = read_date_value(value)
    return rfc3339(found[0]) if found is not None else None


def read_date_value(value: str) -> tuple[datetime, Precision] | None:
    """A meta tag or JSON-LD value as a moment and its precision (see `parse_date_value`)."""
    value = value.strip()
    if not value:
        return None
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00") if value.endswith("Z") else value)
    except ValueError:
        parsed = None
    if parsed is not None:
        if parsed.tzinfo is None:
            parsed = parsed.replace(tzinfo=CHINA)
        precision: Precision = "day" if len(value) <= 10 else "second" if parsed.second else "minute"
        return parsed, precision
    if value.isdigit() and len(value) in (10, 13):  # a Unix time stamp (seconds or milliseconds)
        seconds = int(value) / (1000 if len(value) == 13 else 1)
        if 631152000 <= seconds <= 4102444800:  # 1990 to 2100
            return datetime.fromtimestamp(int(seconds), CHINA), "second"
        return None
    m = _DATE_RE.search(value)
    return _from_match(m) if m is not None else None


def labelled_dates(lines: Iterable[Line], *, generic: bool = False) -> Iterable[DateSource]:
    """Dates shown under a publication label on short lines (with `generic`, under 时间/日期/Date too)."""
    for text, line in lines:
        if len(text) > _MAX_META_LINE or not _has_digit(text):
            continue
        for m in _DATE_RE.finditer(text):
            before = text[max(0, m.start() - _LABEL_WINDOW) : m.start()]
            label = _PUBLISHED.search(before) or (_GENERIC.search(before) if generic else None)
            if label is None:
                continue
            found = _from_match(m)
            if found is not None:
                yield DateSource(f"text {label.group().strip(' :：[【')}", found[0], found[1], line)
                break


def near_title_date(lines: Sequence[Line], title: str | None) -> DateSource | None:
    """An unlabelled date on one of the short lines just after the headline's line (found by its text:
    line numbers do not tell lines apart on a page written on one line)."""
    if not title:
        return None
    start = next((i for i, (text, _) in enumerate(lines) if text == title), None)
    if start is None:
        start = next(
            (i for i, (text, _) in enumerate(lines) if title in text or (len(text) >= 4 and text in title)), None
        )
    if start is None:
        return None
    window = lines[start + 1 : start + 1 + _NEAR_TITLE_LINES]
    for index, (text, line) in enumerate(window):
        if len(text) > _MAX_NEAR_TITLE_LINE or not _has_digit(text):
            continue
        for m in _DATE_RE.finditer(text):
            if m.start() and text[m.start() - 1].isdigit():
                continue
            # (a date under a label of its own is not unlabelled: an event page's facts under the headline,
            # 开始时间：/2024-05-08, give the event's dates, with the label on the line before when it is alone)
            label = text[: m.start()] if m.start() else (window[index - 1][0] if index else lines[start][0])
            if _other_label(label):
                continue
            found = _from_match(m)
            if found is not None:
                return DateSource("text near the title", found[0], found[1], line)
    return None


def _other_label(text: str) -> bool:
    """Whether `text` ends with a label (a short one, then a colon) that names a date other than the page's."""
    label = text.rstrip()
    if not label.endswith((":", "：")):
        return False
    label = label[-_LABEL_WINDOW:]
    return _PUBLISHED.search(label) is None and _GENERIC.search(label) is None


def url_dates(url: str | None) -> list[DateSource]:
    """The date in a page URL's path: a day when it gives one, else a month (for comparison only)."""
    if not url:
        return []
    # The path: after the host ("https://host/…"), before the query and fragment (no urlsplit: every page has one).
    start = url.find("/", url.find("//") + 2) if "//" in url else 0
    path = url[start:].split("?", 1)[0].split("#", 1)[0] if start >= 0 else ""
    if not _has_digit(path):
        return []
    m = _URL_DAY.search(path)
    if m is not None:
        try:
            day = datetime(int(m.group("y")), int(m.group("m")), int(m.group("d")), tzinfo=CHINA)
        except ValueError:
            day = None
        if day is not None:
            return [DateSource("url", day, "day")]
    m = _URL_MONTH.search(path)
    if m is not None:
        return [DateSource("url", datetime(int(m.group("y")), int(m.group("m")), 1, tzinfo=CHINA), "month")]
    return []


def choose_date(sources: Sequence[DateSource]) -> tuple[DateSource, DateSource | None] | None:
    """The source that gives published_at (the first, in trust order, that gives a day), and the source its
    time of day comes from when it gives none (a later one of the same day), or None without any day."""
    chosen = next((source for source in sources if source.precision != "month"), None)
    if chosen is None:
        return None
    if chosen.precision == "day":
        day = _day(chosen)
        timed = next(
            (s for s in sources if s is not chosen and s.precision in ("minute", "second") and _day(s) == day),
            None,
        )
        return chosen, timed
    return chosen, None


def dates_disagree(a: DateSource, b: DateSource) -> bool:
    """Whether two sources name different publication dates: more than a day apart, or, when one gives only a
    month, more than a month apart (a page filed on the 31st and published on the 1st agrees with itself)."""
    if a.precision == "month" or b.precision == "month":
        months = abs((_month(a)[0] - _month(b)[0]) * 12 + _month(a)[1] - _month(b)[1])
        return months > 1
    return abs((_day(a) - _day(b)).days) > 1


def find_date(lines: Sequence[Line], title: str | None = None) -> tuple[str, int] | None:
    """The publication date of a text capture's lines, as (RFC 3339, source line): a labelled date on a short
    line, else an unlabelled one just after the title's line (never a date from the article text)."""
    source = next(iter(labelled_dates(lines)), None) or near_title_date(lines, title)
    if source is None:
        return None
    return rfc3339(source.value), source.line or 0


def _day(source: DateSource) -> date:
    return source.value.astimezone(CHINA).date()


def _month(source: DateSource) -> tuple[int, int]:
    local = source.value.astimezone(CHINA) if source.precision != "month" else source.value
    return local.year, local.month


_DIGIT = re.compile(r"\d")


def _has_digit(text: str) -> bool:
    return _DIGIT.search(text) is not None


def source_from_text(source: str, value: str, precision: str) -> DateSource | None:
    """A `DateSource` from its evidence entry (`evidence.dates[i]`), or None when the entry is not readable."""
    try:
        if precision == "month":
            year, month = value.split("-")[:2]
            return DateSource(source, datetime(int(year), int(month), 1, tzinfo=CHINA), "month")
        if precision == "day":
            return DateSource(source, datetime.fromisoformat(value[:10]).replace(tzinfo=CHINA), "day")
        if precision in ("minute", "second"):
            moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
            if moment.tzinfo is None:
                moment = moment.replace(tzinfo=CHINA)
            return DateSource(source, moment, "second" if precision == "second" else "minute")
    except ValueError:
        return None
    return None
