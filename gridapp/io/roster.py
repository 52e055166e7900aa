"""The household roster (人口花名册): its columns, and importing it into the register.

A roster is a spreadsheet with one row per person under Chinese headers (:data:`COLUMNS`).
Rows sharing a 户号 — or, where the 户号 is blank, the same 地址 — form one household.
Importing is all or nothing: :func:`load_roster` reads and checks the file on its own,
:func:`commit_roster` checks it against the database and writes every household in ONE
:meth:`~gridapp.store.db.Store.write` transaction, or nothing at all. Every problem is
reported as a :class:`RowError` with the row number a spreadsheet shows (header = row 1),
the column's header and a message; ``docs/roster-format.md`` is the user's description.

Values are checked by the register's own rules (:func:`~gridapp.models.fields.clean_value`
with :data:`~gridapp.models.register.PERSON_FIELDS`, :func:`parse_id_number`, the code tables
and :func:`member_errors`); this module only maps cells to fields and errors back to cells.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from gridapp.i18n import QT_TRANSLATE_NOOP, tr
from gridapp.io.sheets import Sheet, SheetError, SheetLimits, sheets_of
from gridapp.models import codes
from gridapp.models.errors import FieldError, ValidationError
from gridapp.models.fields import MSG_REQUIRED, FieldSpec, clean_value
from gridapp.models.household import HEAD_RELATION, Household, Person, PersonTag
from gridapp.models.idnumber import check_consistency, parse_id_number
from gridapp.models.register import HOUSEHOLD_FIELDS, PERSON_FIELDS, member_errors
from gridapp.store.db import Changes, Store
from gridapp.store.households import (
    MSG_HOUSEHOLD_NO_EXISTS,
    MSG_ID_EXISTS,
    HouseholdBundle,
    HouseholdRepository,
    new_id,
)

MSG_EMPTY_FILE = QT_TRANSLATE_NOOP("Messages", "The file is empty: it has no header row.")
MSG_NO_ROWS = QT_TRANSLATE_NOOP("Messages", "The file has a header row but no persons below it.")
MSG_UNKNOWN_COLUMN = QT_TRANSLATE_NOOP(
    "Messages", "Unknown column “{column}”. The roster's columns are: {columns}."
)
MSG_MISSING_COLUMN = QT_TRANSLATE_NOOP("Messages", "The required column “{column}” is missing.")
MSG_DUPLICATE_COLUMN = QT_TRANSLATE_NOOP("Messages", "The column “{column}” appears twice.")
MSG_UNNAMED_COLUMN = QT_TRANSLATE_NOOP(
    "Messages", "Column {letter} holds values but has no header: name it or delete it."
)
MSG_NUMBER_LOST_DIGITS = QT_TRANSLATE_NOOP(
    "Messages",
    "This ID number was stored as a number, so Excel kept only 15 digits and the last ones "
    "are lost: format the column as text and type the numbers again.",
)
MSG_ID_REPEATED = QT_TRANSLATE_NOOP("Messages", "This ID number already appears in row {row}.")
MSG_UNKNOWN_TAG = QT_TRANSLATE_NOOP(
    "Messages",
    "Unknown person category “{value}”: use the names of the person category list, "
    "separated by 、 or ;.",
)
MSG_ADDRESS_DIFFERS = QT_TRANSLATE_NOOP(
    "Messages",
    "The address differs from the one in row {row} with the same household number: "
    "the members of a household share one address.",
)
MSG_CANCELLED = QT_TRANSLATE_NOOP("Messages", "The import was cancelled: nothing was written.")

Progress = Callable[[int, int], None]
"""``progress(done, total)``; ``total`` is 0 while it is not known yet."""
Cancelled = Callable[[], bool]


@dataclass(frozen=True)
class Column:
    """One roster column: its Chinese header, the field it fills and other accepted headers."""

    header: str
    key: str
    required: bool = False
    aliases: tuple[str, ...] = ()
    table: str = ""  # code table, for export labels


COLUMNS: tuple[Column, ...] = (
    Column("户号", "household_no", aliases=("户编号",)),
    Column("姓名", "name", True, ("名字",)),
    Column(
        "公民身份号码",
        "id_number",
        True,
        ("身份证号", "身份证号码", "身份号码", "公民身份证号码", "证件号码", "身份证"),
    ),
    Column("与户主关系", "relation", True, ("与户主的关系", "关系"), table="relation"),
    Column("地址", "address", True, ("住址", "家庭住址", "现住址", "居住地址")),
    Column("网格", "grid_code", aliases=("所属网格", "网格编号", "网格代码")),
    Column(
        "联系电话",
        "phone",
        aliases=("电话", "电话号码", "手机", "手机号", "手机号码", "联系方式"),
    ),
    Column("民族", "ethnicity", table="ethnicity"),
    Column("政治面貌", "political", table="political"),
    Column("文化程度", "education", aliases=("学历",), table="education"),
    Column("婚姻状况", "marital", aliases=("婚姻状态",), table="marital"),
    Column("人员类别", "tags", aliases=("人员标签", "标签")),
    Column("备注", "note", aliases=("说明",)),
)
# Columns many rosters carry that add nothing: sex and birth date come from the ID number
# (when present they are checked against it); 序号 and 年龄 are ignored.
CHECKED_COLUMNS: tuple[Column, ...] = (
    Column("性别", "sex"),
    Column("出生日期", "birth_date", aliases=("出生年月日",)),
)
IGNORED_HEADERS = frozenset({"序号", "年龄"})

PERSON_KEYS = (
    "name",
    "relation",
    "phone",
    "ethnicity",
    "political",
    "education",
    "marital",
    "note",
    "grid_code",
)
TAG_SEPARATORS = re.compile(r"[、;；,，\n]+")
TAGS_SPEC = FieldSpec("tags", QT_TRANSLATE_NOOP("Fields", "Person categories"), "text", max_len=200)
_GRID_VILLAGE = re.compile(r"(\d{12})-.+")
_CHECK_EVERY = 256


def _header_key(text: str) -> str:
    """Headers match ignoring spaces, full-width forms, * marks and a trailing (必填)."""
    key = "".join(unicodedata.normalize("NFKC", text).split()).replace("*", "")
    return re.sub(r"\((必填|选填|可选|非必填)\)$", "", key)


_BY_HEADER: dict[str, Column] = {
    _header_key(name): column
    for column in (*COLUMNS, *CHECKED_COLUMNS)
    for name in (column.header, *column.aliases)
}


@dataclass(frozen=True)
class RowError:
    """One problem: spreadsheet row (0 = the file as a whole), column header and message."""

    row: int
    column: str
    message: str  # ``Messages`` source string
    params: dict[str, object] = field(default_factory=dict)

    def text(self, lang: str | None = None) -> str:
        """The message in the user's language (Chinese by default)."""
        return tr(self.message, lang, **self.params)

    def to_json(self, lang: str | None = None) -> dict[str, Any]:
        return {"row": self.row, "column": self.column, "message": self.text(lang)}


class ImportCancelled(Exception):
    """The user cancelled; nothing was written. ``str()`` is the English source message."""

    def __init__(self) -> None:
        super().__init__(MSG_CANCELLED)


@dataclass
class _Row:
    number: int
    person: dict[str, Any]
    tags: list[str]
    household_no: str
    address: str
    address_key: str
    grid: str
    relation: str | None
    groupable: bool  # 户号 and address say which household the row belongs to
    ok: bool


@dataclass
class PendingHousehold:
    """The rows that form one household, checked against the file (not yet the database)."""

    household_no: str  # "" until a temporary number is given
    address: str
    grid: str
    rows: list[_Row]


@dataclass
class RosterPlan:
    """A roster read and checked on its own: households to create, or errors."""

    file: str
    headers: dict[str, str]  # field key -> the header as written in the file
    households: list[PendingHousehold] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)

    @property
    def persons(self) -> int:
        return sum(len(h.rows) for h in self.households)

    def header(self, key: str) -> str:
        """The column header the file uses for ``key`` (the standard one if absent)."""
        standard = next((c.header for c in (*COLUMNS, *CHECKED_COLUMNS) if c.key == key), key)
        return self.headers.get(key, standard)


@dataclass
class ImportReport:
    """The outcome of an import: counts when it succeeded, every error when it did not."""

    file: str
    errors: list[RowError] = field(default_factory=list)
    households: int = 0
    persons: int = 0
    dry_run: bool = False
    written: bool = False
    changes: Changes | None = None

    @property
    def ok(self) -> bool:
        return not self.errors

    def to_json(self, lang: str | None = None) -> dict[str, Any]:
        """``{"ok": false, "errors": [...]}`` or ``{"ok": true, "households": N, "persons": M}``."""
        if self.errors:
            return {"ok": False, "errors": [e.to_json(lang) for e in self.errors]}
        return {
            "ok": True,
            "households": self.households,
            "persons": self.persons,
            "dry_run": self.dry_run,
        }


class _Steps:
    """Progress reporting and cancellation checks, every few rows."""

    def __init__(self, progress: Progress | None, cancelled: Cancelled | None) -> None:
        self.progress = progress
        self.cancelled = cancelled
        self.done = 0
        self.total = 0

    def step(self, count: int = 1, force: bool = False) -> None:
        before = self.done
        self.done += count
        if force or self.done // _CHECK_EVERY != before // _CHECK_EVERY:
            if self.cancelled is not None and self.cancelled():
                raise ImportCancelled()
            if self.progress is not None:
                self.progress(self.done, max(self.total, self.done))


# --- reading ------------------------------------------------------------------------------


def cell_text(value: Any) -> str:
    """The text of a cell as Excel shows it: 1001.0 -> "1001", a date -> "2024-03-01"."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float) and math.isfinite(value) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == datetime.min.time() else str(value)
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def _choose_sheet(sheets: list[Sheet]) -> tuple[Sheet, int, list[Any]]:
    """The first sheet with an ID-number header; its header row number and values."""
    fallback: tuple[Sheet, int, list[Any]] | None = None
    for sheet in sheets:
        rows = sheet.rows()
        try:
            for index, (number, values) in enumerate(rows):
                keys = [_BY_HEADER.get(_header_key(cell_text(v))) for v in values]
                if any(c is not None and c.key == "id_number" for c in keys):
                    return sheet, number, values
                if fallback is None:
                    fallback = (sheet, number, values)
                if index >= 9:  # a title or two above the header, not more
                    break
        finally:
            close = getattr(rows, "close", None)
            if close is not None:
                close()
    if fallback is None:
        raise SheetError(MSG_EMPTY_FILE)
    return fallback


def _column_letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _map_header(
    values: list[Any], row: int
) -> tuple[dict[int, Column], dict[str, str], list[int], list[RowError]]:
    """Column index -> Column, the file's header per key, unnamed indexes, header errors."""
    mapping: dict[int, Column] = {}
    headers: dict[str, str] = {}
    unnamed: list[int] = []
    errors: list[RowError] = []
    names = "、".join(c.header for c in COLUMNS)
    for index, value in enumerate(values):
        text = " ".join(cell_text(value).split())
        key = _header_key(text)
        if not key:
            unnamed.append(index)
            continue
        if key in IGNORED_HEADERS:
            continue
        column = _BY_HEADER.get(key)
        if column is None:
            errors.append(
                RowError(
                    row, text[:40], MSG_UNKNOWN_COLUMN, {"column": text[:40], "columns": names}
                )
            )
        elif column.key in headers:
            errors.append(RowError(row, text[:40], MSG_DUPLICATE_COLUMN, {"column": text[:40]}))
        else:
            mapping[index] = column
            headers[column.key] = text
    for column in COLUMNS:
        if column.required and column.key not in headers:
            errors.append(
                RowError(row, column.header, MSG_MISSING_COLUMN, {"column": column.header})
            )
    return mapping, headers, unnamed, errors


class _RowChecker:
    """Turns one data row into cleaned fields, collecting errors per column."""

    def __init__(self, plan: RosterPlan, mapping: dict[int, Column], today: date | None):
        self.plan = plan
        self.mapping = sorted(mapping.items())
        self.today = today
        self.tag_table = codes.table("person_tag")
        self.seen_ids: dict[str, int] = {}

    def error(self, row: int, key: str, message: str, params: dict[str, object]) -> None:
        self.plan.errors.append(RowError(row, self.plan.header(key), message, params))

    def field_errors(self, row: int, errors: Iterable[FieldError]) -> None:
        for e in errors:
            self.error(row, e.field, e.message, e.params)

    def check(self, number: int, values: list[Any]) -> _Row:
        raw: dict[str, Any] = {}
        for index, column in self.mapping:
            raw[column.key] = values[index] if index < len(values) else None
        before = len(self.plan.errors)
        person: dict[str, Any] = {}
        for key in PERSON_KEYS:
            if key not in raw:
                continue
            text = cell_text(raw[key])
            if key == "grid_code":
                text = unicodedata.normalize("NFKC", text)
            try:
                person[key] = clean_value(PERSON_FIELDS[key], text, self.today)
            except ValidationError as exc:
                self.field_errors(number, exc.errors)
        self._check_id(number, raw, person)
        household_no, no_ok = self._household_value(number, "household_no", raw, fold=True)
        address, address_ok = self._household_value(number, "address", raw, fold=False)
        tags = self._tags(number, raw.get("tags"))
        if no_ok and not household_no and address_ok and not address:
            self.error(number, "address", MSG_REQUIRED, {})
        relation = person.get("relation")
        return _Row(
            number=number,
            person=person,
            tags=tags,
            household_no=household_no,
            address=address,
            address_key=_fold(address),
            grid=person.get("grid_code", ""),
            relation=relation if isinstance(relation, str) else None,
            groupable=no_ok and (bool(household_no) or (address_ok and bool(address))),
            ok=len(self.plan.errors) == before,
        )

    def _check_id(self, number: int, raw: dict[str, Any], person: dict[str, Any]) -> None:
        value = raw.get("id_number")
        try:
            idn = parse_id_number(cell_text(value), today=self.today)
        except ValidationError as exc:
            numeric = isinstance(value, int | float) and not isinstance(value, bool)
            if numeric and abs(float(value or 0)) >= 1e15:
                self.error(number, "id_number", MSG_NUMBER_LOST_DIGITS, {})
            else:
                self.field_errors(number, exc.errors)
            return
        person.update(id_number=idn.number, sex=idn.sex, birth_date=idn.birth_date)
        first = self.seen_ids.setdefault(idn.number, number)
        if first != number:
            self.error(number, "id_number", MSG_ID_REPEATED, {"row": first})
        birth_text = cell_text(raw.get("birth_date")).strip()
        sex_text = cell_text(raw.get("sex")).strip()
        if not birth_text and not sex_text:
            return
        birth = None
        try:
            birth = clean_value(PERSON_FIELDS["birth_date"], birth_text, self.today)
        except ValidationError as exc:
            self.field_errors(number, exc.errors)
        self.field_errors(number, check_consistency(idn, birth, sex_text or None))

    def _household_value(
        self, number: int, key: str, raw: dict[str, Any], fold: bool
    ) -> tuple[str, bool]:
        """The cleaned value ("" when blank) and whether it was valid."""
        text = cell_text(raw.get(key))
        if fold:
            text = unicodedata.normalize("NFKC", text)
        if not text.strip():
            return "", True
        try:
            return str(clean_value(HOUSEHOLD_FIELDS[key], text)), True
        except ValidationError as exc:
            self.field_errors(number, exc.errors)
            return "", False

    def _tags(self, number: int, value: Any) -> list[str]:
        try:
            text = str(clean_value(TAGS_SPEC, cell_text(value)))
        except ValidationError as exc:
            self.field_errors(number, exc.errors)
            return []
        found: list[str] = []
        for part in TAG_SEPARATORS.split(text):
            if not part.strip():
                continue
            code = self.tag_table.resolve(part)
            if code is None:
                self.error(number, "tags", MSG_UNKNOWN_TAG, {"value": part.strip()[:20]})
            elif code not in found:
                found.append(code)
        return found


def _fold(text: str) -> str:
    """Grouping key of an address: full-width folded, spaces removed."""
    return "".join(unicodedata.normalize("NFKC", text).split()).casefold()


def load_roster(
    path: Path,
    *,
    today: date | None = None,
    limits: SheetLimits | None = None,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
) -> RosterPlan:
    """Read and check a roster file on its own (no database): households to create or errors.

    Raises :class:`ImportCancelled` when ``cancelled()`` turns true.
    """
    steps = _Steps(progress, cancelled)
    plan = RosterPlan(file=path.name, headers={})
    try:
        with sheets_of(path, limits) as sheets:
            sheet, header_row, header_values = _choose_sheet(sheets)
            mapping, headers, unnamed, errors = _map_header(header_values, header_row)
            plan.headers = headers
            if errors:
                plan.errors = errors
                return plan
            steps.total = 3 * sheet.estimated_rows
            rows = _read_rows(plan, sheet, header_row, mapping, unnamed, today, steps)
    except SheetError as exc:
        plan.errors = [RowError(exc.row, "", exc.message, dict(exc.params))]
        return plan
    if not rows and not plan.errors:
        plan.errors.append(RowError(header_row, "", MSG_NO_ROWS))
    steps.total = 3 * len(rows)
    _group(plan, rows, steps)
    plan.errors.sort(key=lambda e: (e.row, _column_order(plan, e.column)))
    return plan


def _column_order(plan: RosterPlan, header: str) -> int:
    for index, column in enumerate((*COLUMNS, *CHECKED_COLUMNS)):
        if plan.header(column.key) == header:
            return index
    return len(COLUMNS) + len(CHECKED_COLUMNS)


def _read_rows(
    plan: RosterPlan,
    sheet: Sheet,
    header_row: int,
    mapping: dict[int, Column],
    unnamed: list[int],
    today: date | None,
    steps: _Steps,
) -> list[_Row]:
    checker = _RowChecker(plan, mapping, today)
    used = sorted(mapping)
    unnamed_reported: set[int] = set()
    rows: list[_Row] = []
    for number, values in _data_rows(sheet, header_row):
        for index in unnamed:
            if (
                index not in unnamed_reported
                and index < len(values)
                and cell_text(values[index]).strip()
            ):
                unnamed_reported.add(index)
                letter = _column_letter(index)
                plan.errors.append(
                    RowError(header_row, letter, MSG_UNNAMED_COLUMN, {"letter": letter})
                )
        if all(i >= len(values) or not cell_text(values[i]).strip() for i in used):
            continue  # e.g. a template row with only its 序号 filled in
        rows.append(checker.check(number, values))
        steps.step()
    return rows


def _data_rows(sheet: Sheet, header_row: int) -> Iterator[tuple[int, list[Any]]]:
    for number, values in sheet.rows():
        if number > header_row:
            yield number, values


def _group(plan: RosterPlan, rows: list[_Row], steps: _Steps) -> None:
    """Rows -> households; checks that need the whole household (address, 户主)."""
    groups: dict[tuple[str, str], list[_Row]] = {}
    for row in rows:
        if not row.groupable:
            continue  # a bad 户号 or no address: already reported
        key = ("no", row.household_no) if row.household_no else ("address", row.address_key)
        groups.setdefault(key, []).append(row)
    for members in groups.values():
        plan.households.append(_household(plan, members))
        steps.step(len(members))


def _household(plan: RosterPlan, members: list[_Row]) -> PendingHousehold:
    address_row = next((r for r in members if r.address), None)
    if address_row is None:
        plan.errors.append(RowError(members[0].number, plan.header("address"), MSG_REQUIRED))
        address = ""
    else:
        address = address_row.address
        for row in members:
            if row.address and row.address_key != address_row.address_key:
                plan.errors.append(
                    RowError(
                        row.number,
                        plan.header("address"),
                        MSG_ADDRESS_DIFFERS,
                        {"row": address_row.number},
                    )
                )
    relation_header = plan.header("relation")
    if all(r.relation is not None for r in members):
        stand_ins = [
            Person(
                id="",
                household_id=None,
                id_number=f"#{r.number}",
                name="",
                relation=r.relation or "",
            )
            for r in members
        ]
        for error in member_errors(stand_ins):
            if error.field != "relation":
                continue  # repeated ID numbers are checked across the whole file
            heads = [r for r in members if r.relation == HEAD_RELATION]
            # No head: any member's relation may be the mistake. Two heads: the head rows.
            for row in heads or members:
                plan.errors.append(
                    RowError(row.number, relation_header, error.message, dict(error.params))
                )
    head = next((r for r in members if r.relation == HEAD_RELATION), members[0])
    grid = head.grid or next((r.grid for r in members if r.grid), "")
    return PendingHousehold(members[0].household_no, address, grid, members)


# --- checking against the database and writing ---------------------------------------------


def village_code(grid_code: str) -> str:
    """The 12-digit village code of a grid code like ``360423100200-01``; else ``""``."""
    match = _GRID_VILLAGE.fullmatch(grid_code)
    return match.group(1) if match else ""


def temporary_household_numbers(
    count: int, prefix: str, taken: set[str], repo: HouseholdRepository | None
) -> list[str]:
    """``count`` new numbers ``L{prefix}{n:05d}``, free in ``taken`` and in the database."""
    numbers: list[str] = []
    n = 1
    while len(numbers) < count:
        batch: list[str] = []
        while len(batch) < max(count - len(numbers), 1000):
            candidate = f"L{prefix}{n:05d}"
            n += 1
            if candidate not in taken:
                batch.append(candidate)
        existing = repo.existing_household_nos(batch) if repo is not None else set()
        numbers.extend(c for c in batch if c not in existing)
    return numbers[:count]


def _bundle(pending: PendingHousehold) -> HouseholdBundle:
    area = village_code(pending.grid)
    household = Household(
        id=new_id(),
        household_no=pending.household_no,
        address=pending.address,
        area_code=area,
        grid_code=pending.grid,
    )
    ordered = sorted(pending.rows, key=lambda r: r.relation != HEAD_RELATION)
    members: list[Person] = []
    tags: list[PersonTag] = []
    for row in ordered:
        values = dict(row.person)
        grid = values.pop("grid_code", "") or pending.grid
        person_area = village_code(grid) or area
        person = Person(
            id=new_id(),
            household_id=household.id,
            area_code=person_area,
            grid_code=grid,
            **values,
        )
        members.append(person)
        tags.extend(
            PersonTag(id=new_id(), person_id=person.id, tag=tag, area_code=person_area)
            for tag in row.tags
        )
    return HouseholdBundle(household=household, members=members, person_tags=tags)


def commit_roster(
    store: Store | None,
    plan: RosterPlan,
    *,
    dry_run: bool = False,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
) -> ImportReport:
    """Check ``plan`` against the database and write it in one transaction (unless ``dry_run``).

    ``store`` may be ``None`` for a dry run without a database. Nothing is written when any
    error is found or when ``cancelled()`` turns true (:class:`ImportCancelled`).
    """
    report = ImportReport(plan.file, list(plan.errors), dry_run=dry_run)
    if report.errors:
        return report
    steps = _Steps(progress, cancelled)
    steps.total = 3 * plan.persons
    steps.done = 2 * plan.persons
    repo = HouseholdRepository(store) if store is not None else None
    if repo is not None:
        _database_errors(plan, repo, report)
        if report.errors:
            return report
    missing = [h for h in plan.households if not h.household_no]
    taken = {h.household_no for h in plan.households if h.household_no}
    prefix = store.device_prefix() if store is not None else "0000"
    for pending, number in zip(
        missing, temporary_household_numbers(len(missing), prefix, taken, repo), strict=True
    ):
        pending.household_no = number
    report.households = len(plan.households)
    report.persons = plan.persons
    steps.step(0, force=True)
    if dry_run or store is None or repo is None:
        return report
    detail = {"file": plan.file, "households": report.households, "persons": report.persons}
    with store.bulk(), store.write("import households", detail) as capture:
        # Bundles are built a chunk at a time: a 200,000-row roster never holds them all.
        for start in range(0, len(plan.households), 500):
            chunk = [_bundle(h) for h in plan.households[start : start + 500]]
            written = repo.insert_bundles(capture, chunk)
            steps.step(written, force=True)
        report.changes = capture.changes
    report.written = True
    return report


def _database_errors(plan: RosterPlan, repo: HouseholdRepository, report: ImportReport) -> None:
    rows = {r.person["id_number"]: r.number for h in plan.households for r in h.rows}
    id_header = plan.header("id_number")
    for number, name in repo.existing_id_numbers(rows).items():
        report.errors.append(
            RowError(rows[number], id_header, MSG_ID_EXISTS, {"name": name, "id": number})
        )
    given = {h.household_no: h for h in plan.households if h.household_no}
    no_header = plan.header("household_no")
    for number in repo.existing_household_nos(given):
        report.errors.append(
            RowError(
                given[number].rows[0].number, no_header, MSG_HOUSEHOLD_NO_EXISTS, {"number": number}
            )
        )
    report.errors.sort(key=lambda e: (e.row, _column_order(plan, e.column)))


def import_roster(
    store: Store | None,
    path: Path,
    *,
    dry_run: bool = False,
    today: date | None = None,
    limits: SheetLimits | None = None,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
) -> ImportReport:
    """Import a roster file: every household in one transaction, or nothing and the errors.

    ``progress(done, total)`` is called every few hundred rows (reading, checking, writing
    are a third each); ``cancelled()`` is polled as often and, once true, stops the import
    with :class:`ImportCancelled` before anything is written.
    """
    plan = load_roster(path, today=today, limits=limits, progress=progress, cancelled=cancelled)
    return commit_roster(store, plan, dry_run=dry_run, progress=progress, cancelled=cancelled)


__all__ = [
    "CHECKED_COLUMNS",
    "COLUMNS",
    "Column",
    "ImportCancelled",
    "ImportReport",
    "PendingHousehold",
    "RosterPlan",
    "RowError",
    "SheetLimits",
    "cell_text",
    "commit_roster",
    "import_roster",
    "load_roster",
    "temporary_household_numbers",
    "village_code",
]
