"""Field specifications: one declaration per field drives validation, the data dictionary,
scripting (``gridapp person set FIELD=VALUE``) and, later, the forms.

Each spec says what kind of value the field holds, its code table, its length limit and
whether it is required; :func:`clean_value` turns user text into the stored value or raises
:class:`~gridapp.models.errors.ValidationError` with a message a 网格员 understands.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from typing import Any

from gridapp.i18n import QT_TRANSLATE_NOOP
from gridapp.models import codes
from gridapp.models.errors import FieldError, ValidationError

MSG_REQUIRED = QT_TRANSLATE_NOOP("Messages", "This field is required.")
MSG_TOO_LONG = QT_TRANSLATE_NOOP("Messages", "Too long: at most {max} characters.")
MSG_CONTROL = QT_TRANSLATE_NOOP(
    "Messages", "Contains characters that cannot be stored (control characters)."
)
MSG_UNKNOWN_CODE = QT_TRANSLATE_NOOP(
    "Messages", "Unknown value “{value}”: choose one of the {table} list."
)
MSG_BAD_DATE = QT_TRANSLATE_NOOP("Messages", "Not a valid date: use YYYY-MM-DD, e.g. 2024-03-01.")
MSG_FUTURE_DATE = QT_TRANSLATE_NOOP("Messages", "The date lies in the future.")
MSG_BAD_PHONE = QT_TRANSLATE_NOOP(
    "Messages",
    "Not a valid phone number: a mobile number has 11 digits starting with 1; "
    "a landline is area code and number, e.g. 0792-1234567.",
)
MSG_BAD_BOOL = QT_TRANSLATE_NOOP("Messages", "Use 是 or 否 (yes/no).")
MSG_BAD_COUNT = QT_TRANSLATE_NOOP("Messages", "Not a whole number from {min} to {max}.")
MSG_BAD_AREA = QT_TRANSLATE_NOOP("Messages", "An area code has {digits} digits.")
MSG_UNKNOWN_FIELD = QT_TRANSLATE_NOOP("Messages", "Unknown field “{field}”.")
MSG_READ_ONLY = QT_TRANSLATE_NOOP(
    "Messages", "This field is derived from the ID number and cannot be set directly."
)

MOBILE = re.compile(r"^1[3-9]\d{9}$")
LANDLINE = re.compile(r"^0\d{2,3}-?\d{7,8}(-\d{1,6})?$")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_TRUE = {"1", "true", "yes", "y", "是", "已核实", "√"}
_FALSE = {"0", "false", "no", "n", "否", "未核实", ""}


@dataclass(frozen=True)
class FieldSpec:
    """How one field is checked and stored."""

    name: str
    label: str  # English source label, translated in the UI ("Fields" context)
    kind: str  # text | code | date | bool | count | phone | id_number | area6 | area12
    max_len: int = 0
    table: str = ""
    required: bool = False
    derived: bool = False  # filled from another field (birth date and sex from the ID)
    multiline: bool = False
    bounds: tuple[int, int] = (0, 0)  # a count's least and greatest value


def normalise_text(value: str) -> str:
    """NFC, trimmed, CRLF -> LF: what we store for free text."""
    return unicodedata.normalize("NFC", value.replace("\r\n", "\n")).strip()


def _fail(field: str, message: str, **params: object) -> ValidationError:
    return ValidationError([FieldError(field, message, params)])


def parse_date(text: str, field: str, today: date | None = None) -> date:
    """Parse YYYY-MM-DD (also YYYY/MM/DD, YYYY.MM.DD, YYYYMMDD, YYYY年M月D日)."""
    cleaned = unicodedata.normalize("NFKC", text).strip()
    cleaned = re.sub(r"[年月./]", "-", cleaned).rstrip("日").rstrip("-")
    if re.fullmatch(r"\d{8}", cleaned):
        cleaned = f"{cleaned[:4]}-{cleaned[4:6]}-{cleaned[6:]}"
    match = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", cleaned)
    if not match:
        raise _fail(field, MSG_BAD_DATE)
    try:
        value = date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError as exc:
        raise _fail(field, MSG_BAD_DATE) from exc
    if value > (today or date.today()):
        raise _fail(field, MSG_FUTURE_DATE)
    return value


def clean_phone(text: str, field: str = "phone") -> str:
    """Normalise a phone number (full-width digits, spaces, +86) or raise."""
    value = unicodedata.normalize("NFKC", text)
    value = re.sub(r"[\s()（）]", "", value)
    if value.startswith("+86"):
        value = value[3:]
    elif value.startswith("0086"):
        value = value[4:]
    if not value:
        return ""
    if MOBILE.match(value) or LANDLINE.match(value):
        return value
    raise _fail(field, MSG_BAD_PHONE)


def clean_value(spec: FieldSpec, raw: Any, today: date | None = None) -> Any:
    """The stored form of ``raw`` for ``spec``, or a :class:`ValidationError`."""
    field = spec.name
    if raw is None:
        raw = ""
    if spec.kind == "bool":
        if isinstance(raw, bool):
            return raw
        token = str(raw).strip().lower()
        if token in _TRUE:
            return True
        if token in _FALSE:
            return False
        raise _fail(field, MSG_BAD_BOOL)
    if spec.kind == "count":
        low, high = spec.bounds
        token = unicodedata.normalize("NFKC", str(raw)).strip()
        if isinstance(raw, bool) or not re.fullmatch(r"\d{1,9}", token):
            raise _fail(field, MSG_BAD_COUNT, min=low, max=high)
        if not low <= int(token) <= high:
            raise _fail(field, MSG_BAD_COUNT, min=low, max=high)
        return int(token)
    if spec.kind == "date":
        if isinstance(raw, date):
            if raw > (today or date.today()):
                raise _fail(field, MSG_FUTURE_DATE)
            return raw
        if not str(raw).strip():
            if spec.required:
                raise _fail(field, MSG_REQUIRED)
            return None
        return parse_date(str(raw), field, today)
    text = normalise_text(str(raw))
    if not text:
        if spec.required:
            raise _fail(field, MSG_REQUIRED)
        return ""
    if _CONTROL.search(text) or (not spec.multiline and "\n" in text):
        raise _fail(field, MSG_CONTROL)
    if spec.max_len and len(text) > spec.max_len:
        raise _fail(field, MSG_TOO_LONG, max=spec.max_len)
    if spec.kind == "code":
        table = codes.table(spec.table)
        code = table.resolve(text)
        if code is None:
            raise _fail(field, MSG_UNKNOWN_CODE, value=text[:20], table=table.title)
        return code
    if spec.kind == "phone":
        return clean_phone(text, field)
    if spec.kind in ("area6", "area12"):
        digits = 6 if spec.kind == "area6" else 12
        if not re.fullmatch(rf"\d{{{digits}}}", text):
            raise _fail(field, MSG_BAD_AREA, digits=digits)
        return text
    return text


def clean_fields(
    specs: dict[str, FieldSpec], values: dict[str, Any], today: date | None = None
) -> dict[str, Any]:
    """Clean several fields at once, collecting every error (not just the first)."""
    errors: list[FieldError] = []
    cleaned: dict[str, Any] = {}
    for name, raw in values.items():
        spec = specs.get(name)
        if spec is None:
            errors.append(FieldError(name, MSG_UNKNOWN_FIELD, {"field": name[:40]}))
            continue
        try:
            cleaned[name] = clean_value(spec, raw, today)
        except ValidationError as exc:
            errors.extend(exc.errors)
    if errors:
        raise ValidationError(errors)
    return cleaned
