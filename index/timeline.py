"""The hits of a query over time (for the app's one-line histogram and ``dossier timeline``),
and the ``date:[a to b]`` term that narrows a query to a period.

Bins run without gaps from the first dated hit to the last, so an empty stretch shows as
empty. The unit follows the span of the hits unless one is asked for: months beyond
180 days, weeks (Monday to Sunday) beyond 31 days, days otherwise.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta

from index.query import outside_quotes

UNITS = ("month", "week", "day")
MONTH_BEYOND_DAYS = 180
WEEK_BEYOND_DAYS = 31
BLOCKS = " ▁▂▃▄▅▆▇█"

__all__ = [
    "UNITS",
    "Bin",
    "Timeline",
    "date_range_of",
    "set_date_range",
    "timeline",
]


@dataclass(frozen=True)
class Bin:
    start: date
    end: date  # inclusive
    count: int

    @property
    def label(self) -> str:
        if self.start.day == 1 and self.end == _month_end(self.start):
            return self.start.strftime("%Y-%m")
        if self.start == self.end:
            return self.start.isoformat()
        return f"{self.start.isoformat()}..{self.end.isoformat()}"

    @property
    def months(self) -> bool:
        """Whether the bin is whole months (one, or a group)."""
        return self.start.day == 1 and self.end == _month_end(self.end)

    @property
    def start_label(self) -> str:
        """The start, to the bin's precision: ``YYYY-MM`` for months, else the day."""
        return self.start.strftime("%Y-%m") if self.months else self.start.isoformat()

    @property
    def end_label(self) -> str:
        return self.end.strftime("%Y-%m") if self.months else self.end.isoformat()

    def to_json(self) -> dict:
        return {
            "label": self.label,
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
            "count": self.count,
        }


@dataclass
class Timeline:
    unit: str  # "month", "week" or "day"
    bins: list[Bin] = field(default_factory=list)
    undated: int = 0

    @property
    def total(self) -> int:
        return sum(b.count for b in self.bins) + self.undated

    @property
    def busiest(self) -> int | None:
        """The index of the bin with the most hits (the earliest of equals), or None."""
        if not self.bins or not any(b.count for b in self.bins):
            return None
        return max(range(len(self.bins)), key=lambda i: (self.bins[i].count, -i))

    def fit(self, width: int) -> Timeline:
        """The same hits in at most ``width`` bins: consecutive bins grouped (the unit
        becomes e.g. ``3 months``); unchanged when they fit."""
        if width <= 0 or len(self.bins) <= width:
            return self
        k = -(-len(self.bins) // width)
        grouped = [
            Bin(chunk[0].start, chunk[-1].end, sum(b.count for b in chunk))
            for chunk in (self.bins[i : i + k] for i in range(0, len(self.bins), k))
        ]
        return Timeline(f"{k} {self.unit}s", grouped, self.undated)

    def bars(self) -> str:
        """One block character per bin, height by count (an empty bin is a space, a bin
        with any hit at least the lowest block)."""
        top = max((b.count for b in self.bins), default=0)
        if not top:
            return " " * len(self.bins)
        return "".join(
            BLOCKS[max(1, round(b.count * (len(BLOCKS) - 1) / top))] if b.count else " "
            for b in self.bins
        )

    def to_json(self) -> dict:
        busiest = self.busiest
        return {
            "unit": self.unit,
            "bins": [b.to_json() for b in self.bins],
            "undated": self.undated,
            "busiest": self.bins[busiest].label if busiest is not None else None,
        }


def _day(value: int) -> date | None:
    try:
        return date(value // 10000, value // 100 % 100, value % 100)
    except ValueError:
        return None


def _month_end(d: date) -> date:
    nxt = date(d.year + d.month // 12, d.month % 12 + 1, 1)
    return nxt - timedelta(days=1)


def _bin_start(d: date, unit: str) -> date:
    if unit == "month":
        return d.replace(day=1)
    if unit == "week":
        return d - timedelta(days=d.weekday())
    return d


def _bin_end(start: date, unit: str) -> date:
    if unit == "month":
        return _month_end(start)
    if unit == "week":
        return start + timedelta(days=6)
    return start


def auto_unit(first: date, last: date) -> str:
    span = (last - first).days
    if span > MONTH_BEYOND_DAYS:
        return "month"
    return "week" if span > WEEK_BEYOND_DAYS else "day"


def timeline(days: Iterable[int], unit: str | None = None) -> Timeline:
    """Bins of hits from their dates as ``YYYYMMDD`` integers (0 = undated)."""
    if unit is not None and unit not in UNITS:
        raise ValueError(f"unknown unit '{unit}' (use {', '.join(UNITS)})")
    per_day = Counter(days)
    undated = per_day.pop(0, 0)
    dated: Counter[date] = Counter()
    for value, n in per_day.items():
        d = _day(value)
        if d is None:
            undated += n
        else:
            dated[d] += n
    if not dated:
        return Timeline(unit or "month", [], undated)
    first, last = min(dated), max(dated)
    unit = unit or auto_unit(first, last)
    counts: Counter[date] = Counter()
    for d, n in dated.items():
        counts[_bin_start(d, unit)] += n
    bins = []
    start = _bin_start(first, unit)
    while start <= last:
        end = _bin_end(start, unit)
        bins.append(Bin(start, end, counts.get(start, 0)))
        start = end + timedelta(days=1)
    return Timeline(unit, bins, undated)


# -- the date term in the query text ---------------------------------------------------

_DATE_TERM = re.compile(r"(?<![\w\"'])date:\s*(\[[^\]]*\]?|[<>]=?\s*\S+|\S+)", re.I)
_DANGLING_START = re.compile(r"^(?:(?:AND|OR|ANDNOT|ANDMAYBE|REQUIRE)\s+)+")
_DANGLING_END = re.compile(r"(?:\s+(?:AND|OR|NOT|ANDNOT|ANDMAYBE|REQUIRE))+$|^NOT$")
_RANGE = re.compile(r"^\[\s*(\S*)\s+to\s+(\S*)\s*\]$", re.I)


def _date_terms(text: str) -> list[re.Match[str]]:
    """The ``date:`` terms of the query (never inside quotes)."""
    return list(_DATE_TERM.finditer(outside_quotes(text)))


def date_range_of(text: str) -> tuple[str, str] | None:
    """The ``(start, end)`` of the query's ``date:[start to end]`` term, if it has one."""
    for m in _date_terms(text):
        rng = _RANGE.match(text[m.start(1) : m.end(1)])
        if rng:
            return rng.group(1), rng.group(2)
    return None


def set_date_range(text: str, start: date | str | None, end: date | str | None = None) -> str:
    """The query with its ``date:`` terms replaced by ``date:[start to end]`` (the end
    inclusive); with no start and no end, the query with its ``date:`` terms removed.

    Pure text: the rest of the query (quotes, fields, operators) is kept as typed.
    """
    matches = _date_terms(text)
    out, pos = [], 0
    for m in matches:
        out.append(text[pos : m.start()])
        pos = m.end()
    out.append(text[pos:])
    rest = " ".join("".join(out).split())
    rest = re.sub(r"\(\s*\)", "", rest).strip()
    rest = _DANGLING_END.sub("", _DANGLING_START.sub("", rest)).strip()
    if start is None and end is None:
        return rest
    a = start.isoformat() if isinstance(start, date) else (start or "")
    b = end.isoformat() if isinstance(end, date) else (end or "")
    term = f"date:[{a} to {b}]"
    return f"{rest} {term}" if rest else term
