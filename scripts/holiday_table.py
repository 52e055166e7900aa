"""Maintain resources/holidays/cn.json, the official Chinese holiday table.

    python scripts/holiday_table.py validate [FILE]    read FILE (default: the bundled table)
                                                       with the app's own loader; print its years
    python scripts/holiday_table.py check [FILE]       compare FILE day by day with the PyPI
                                                       package ``chinesecalendar`` (MIT)
    python scripts/holiday_table.py draft YEAR         print a draft entry for YEAR from that
                                                       package (status "provisional")

The app never imports ``chinesecalendar``; it is a cross-check for maintainers. It is not a
dependency: download it into a scratch directory (``pip download --no-deps chinesecalendar``,
unzip the wheel) and put that directory on ``PYTHONPATH`` when running ``check`` or ``draft``.
A draft must still be compared with the State Council notice (国务院办公厅关于XXXX年部分节假日
安排的通知) before its status becomes "official". See docs/petition-deadlines.md.
"""

from __future__ import annotations

import json
import sys
from datetime import date, timedelta
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from gridapp.models.workdays import bundled_table_path, load_table  # noqa: E402


def _chinese_calendar() -> ModuleType:
    try:
        import chinese_calendar  # type: ignore[import-not-found]
    except ImportError:
        sys.exit(
            "chinesecalendar is not importable: pip download --no-deps chinesecalendar, unzip "
            "the wheel into a directory and put it on PYTHONPATH"
        )
    return chinese_calendar  # type: ignore[no-any-return]


def validate(path: Path) -> int:
    calendar = load_table(path)
    for year in sorted(calendar.years):
        notice = calendar.notices[year]
        rest = sum(1 for d in notice.holidays if d.weekday() < 5)
        print(
            f"{year} {notice.status:<11} {len(notice.holidays):>2} holiday days "
            f"({rest} weekdays), {len(notice.working_days)} make-up working days"
        )
    print(f"OK: {path} (updated {calendar.updated})")
    return 0


def check(path: Path) -> int:
    cc = _chinese_calendar()
    calendar = load_table(path)
    first, last = min(calendar.years), max(calendar.years)
    day, end = date(first - 1, 12, 1), date(last, 12, 31)
    differences = 0
    while day <= end:
        try:
            theirs = cc.is_workday(day)
        except NotImplementedError:  # outside the package's years
            theirs = None
        ours = calendar.is_working_day(day)
        if theirs is not None and theirs != ours:
            differences += 1
            print(
                f"{day} {day:%a}: table says {'work' if ours else 'rest'}, chinesecalendar "
                f"says {'work' if theirs else 'rest'}"
            )
        day += timedelta(days=1)
    print(f"{differences} differences, {first - 1}-12-01 .. {last}-12-31")
    return 1 if differences else 0


# The package's short names, as the notices write them.
_NAMES = {"清明": "清明节", "端午": "端午节", "中秋": "中秋节"}


def draft(year: int) -> int:
    cc = _chinese_calendar()
    from chinese_calendar.constants import (  # type: ignore[import-not-found]
        Holiday,
        holidays,
        workdays,
    )

    def name_of(value: str) -> str:
        chinese = {h.value: h.chinese for h in Holiday}.get(value, value)
        return _NAMES.get(chinese, chinese)

    # A notice reaches into December only for a 元旦 period that runs into 1 January.
    first = date(year, 1, 1)
    while not cc.is_workday(first - timedelta(days=1)):
        first -= timedelta(days=1)
    last = date(year, 12, 31)
    cut = date(year + 1, 1, 1) in holidays
    while cut and last in holidays:  # next year's 元旦 period: next year's notice
        last -= timedelta(days=1)
    periods: list[dict[str, str]] = []
    for day in sorted(d for d in holidays if first <= d <= last):
        name = name_of(holidays[day])
        if periods and periods[-1]["name"] == name:
            previous = date.fromisoformat(periods[-1]["last"])
            gap = [previous + timedelta(days=k) for k in range(1, (day - previous).days)]
            if not any(cc.is_workday(d) for d in gap):
                periods[-1]["last"] = day.isoformat()
                continue
        periods.append({"name": name, "first": day.isoformat(), "last": day.isoformat()})
    working_from = first - timedelta(days=7) if first.year < year else first
    working = [
        {"date": d.isoformat(), "name": name_of(workdays[d])}
        for d in sorted(workdays)
        if working_from <= d <= last and not (cut and d > last - timedelta(days=7))
    ]
    entry = {
        "status": "provisional",
        "source": [
            f"国务院办公厅关于{year}年部分节假日安排的通知（draft from chinesecalendar "
            f"{getattr(cc, '__version__', '?')}: check against the notice）"
        ],
        "holidays": periods,
        "working_days": working,
    }
    print(json.dumps({str(year): entry}, ensure_ascii=False, indent=2))
    return 0


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in ("validate", "check", "draft"):
        print(__doc__)
        return 2
    command, rest = argv[0], argv[1:]
    if command == "draft":
        if len(rest) != 1 or not rest[0].isdigit():
            print("usage: holiday_table.py draft YEAR")
            return 2
        return draft(int(rest[0]))
    path = Path(rest[0]) if rest else bundled_table_path()
    return validate(path) if command == "validate" else check(path)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
