"""Working days (工作日) on China's official calendar. No MkDocs here.

Legal time limits (解读 within 3 working days, 中标公告 within 2 …) count
working days, which a Monday–Friday count gets wrong around 春节 and 国庆:
holidays fall on weekdays and weekends become make-up working days (调休).
The calendar comes from the maintained ``chinesecalendar`` package, which
follows the State Council's yearly 部分节假日安排的通知. For years it does not
know yet, the count falls back to Monday–Friday and says so (``approximate``).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from itertools import groupby

from chinese_calendar import constants as _calendar

Date = datetime.date

FIRST_YEAR = min(_calendar.holidays).year
LAST_YEAR = max(_calendar.holidays).year
_CHINESE_NAMES = {holiday.value: holiday.chinese for holiday in _calendar.Holiday}


def known(day: Date) -> bool:
    """Whether the official calendar for ``day``'s year is in the package."""
    return FIRST_YEAR <= day.year <= LAST_YEAR


def is_workday(day: Date) -> bool:
    """Official working day; outside the known years, Monday–Friday."""
    if not known(day):
        return day.weekday() < 5
    if day in _calendar.workdays:
        return True
    return day.weekday() < 5 and day not in _calendar.holidays


def holiday_name(day: Date) -> str | None:
    """Chinese name of the statutory holiday ``day`` belongs to (元旦, 春节 …), if any."""
    name = _calendar.holidays.get(day)
    return _CHINESE_NAMES.get(name, name) if name else None


@dataclass(frozen=True)
class Span:
    """Working days after ``start`` up to and including ``end``."""

    start: Date
    end: Date
    workdays: int
    """0 when ``end`` is ``start`` or the next working day has not come yet."""
    holidays: tuple[Date, ...] = ()
    """Statutory holiday days in the span (weekends inside a holiday break included)."""
    makeup_days: tuple[Date, ...] = ()
    """Weekend days that were working days (调休上班) and were counted."""
    unknown_years: tuple[int, ...] = field(default=())
    """Years outside the package's calendar: counted Monday–Friday."""

    @property
    def approximate(self) -> bool:
        return bool(self.unknown_years)

    def describe(self) -> str:
        """What the count skipped and added, in Chinese, for an editor's message."""
        parts = []
        if self.holidays:
            parts.append("期间节假日：" + "；".join(_holiday_ranges(self.holidays)))
        if self.makeup_days:
            parts.append("调休上班日（计入）：" + "、".join(d.isoformat() for d in self.makeup_days))
        if self.unknown_years:
            years = "、".join(str(y) for y in self.unknown_years)
            parts.append(f"{years} 年的节假日安排尚未收录（chinesecalendar 只到 {LAST_YEAR} 年），按周一至周五计算")
        return "；".join(parts)


DETAIL_DAYS = 62
"""Spans longer than this get a count only: listing years of holidays helps nobody."""

_ORIGIN = Date(FIRST_YEAR, 1, 1)
_CUMULATIVE: list[int] = [0]
"""_CUMULATIVE[n] = working days in [_ORIGIN, _ORIGIN + n days): O(1) counts over any span."""
for _n in range((Date(LAST_YEAR, 12, 31) - _ORIGIN).days + 1):
    _CUMULATIVE.append(_CUMULATIVE[-1] + is_workday(_ORIGIN + datetime.timedelta(days=_n)))


def _weekdays_before(day: Date) -> int:
    """Monday–Friday days before ``day``, counted from a fixed Monday (for the fallback)."""
    days = (day - Date(1, 1, 1)).days  # 0001-01-01 was a Monday
    weeks, rest = divmod(days, 7)
    return weeks * 5 + min(rest, 5)


def _workdays_before(day: Date) -> int:
    """Working days before ``day`` since a fixed origin, on the calendar where known."""
    if day < _ORIGIN:
        return _weekdays_before(day) - _weekdays_before(_ORIGIN)
    offset = (day - _ORIGIN).days
    if offset < len(_CUMULATIVE):
        return _CUMULATIVE[offset]
    end = _ORIGIN + datetime.timedelta(days=len(_CUMULATIVE) - 1)
    return _CUMULATIVE[-1] + _weekdays_before(day) - _weekdays_before(end)


def count(start: Date, end: Date) -> int:
    """Working days in (start, end]; 0 when ``end`` is not after ``start``."""
    if end <= start:
        return 0
    one = datetime.timedelta(days=1)
    return _workdays_before(end + one) - _workdays_before(start + one)


def span(start: Date, end: Date) -> Span:
    """Working days in (start, end], with the holidays and 调休 days behind the count."""
    workdays = count(start, end)
    first, last = start + datetime.timedelta(days=1), end
    unknown = tuple(y for y in range(first.year, last.year + 1) if not FIRST_YEAR <= y <= LAST_YEAR) if end > start else ()
    if (end - start).days > DETAIL_DAYS:
        return Span(start, end, workdays, unknown_years=unknown)
    holidays: list[Date] = []
    makeup: list[Date] = []
    day = first
    while day <= last:
        if known(day):
            if day in _calendar.holidays:
                holidays.append(day)
            elif day in _calendar.workdays and day.weekday() >= 5:
                makeup.append(day)
        day += datetime.timedelta(days=1)
    return Span(start, end, workdays, tuple(holidays), tuple(makeup), unknown)


def add_workdays(start: Date, days: int) -> Date:
    """The last day of a limit of ``days`` working days counted from ``start``."""
    day = start
    left = days
    while left > 0:
        day += datetime.timedelta(days=1)
        if is_workday(day):
            left -= 1
    return day


def _holiday_ranges(days: tuple[Date, ...]) -> list[str]:
    """``国庆节 2023-09-30至10-06`` — consecutive days of one holiday as one range."""
    out = []
    ordinal = [(d, holiday_name(d) or "节假日") for d in days]
    runs: list[list[tuple[Date, str]]] = []
    for item in ordinal:
        if runs and runs[-1][-1][1] == item[1] and (item[0] - runs[-1][-1][0]).days == 1:
            runs[-1].append(item)
        else:
            runs.append([item])
    for name, items in groupby(runs, key=lambda run: run[0][1]):
        texts = []
        for run in items:
            first, last = run[0][0], run[-1][0]
            if first == last:
                texts.append(first.isoformat())
            else:
                tail = last.isoformat() if last.year != first.year else last.strftime("%m-%d")
                texts.append(f"{first.isoformat()}至{tail}")
        out.append(f"{name} " + "、".join(texts))
    return out
