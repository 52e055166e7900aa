"""公民身份号码 (GB 11643-1999): parsing, validation, masking; plus phone masking.

An 18-character number is 6 digits 地址码 + 8 digits 出生日期 (YYYYMMDD) + 3 digits 顺序码
(odd = male) + a check character (ISO 7064 MOD 11-2). Legacy 15-digit numbers (YYMMDD, no check
character) from old paper registers are converted by inserting "19" and computing it.

The 6-digit area code is deliberately *not* checked against a current GB/T 2260 list: a number is
frozen when it is issued, so people carry codes of counties that were renamed, merged or
abolished, and codes newer than their birth (python-stdnum's ``cn.ric.validate`` rejects both).
Only the two province digits are checked.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from gridapp.i18n import QT_TRANSLATE_NOOP
from gridapp.models import codes
from gridapp.models.errors import FieldError, ValidationError

_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CHECK_CHARS = "10X98765432"  # indexed by (weighted sum mod 11)

# GB/T 2260 province-level codes. 71 台湾 is in GB/T 2260; 81/82/83 are used by the
# 港澳台居民居住证 (810000 香港, 820000 澳门, 830000 台湾), which share this number format.
PROVINCE_CODES = frozenset(
    {"11", "12", "13", "14", "15", "21", "22", "23"}
    | {str(n) for n in range(31, 38)}
    | {str(n) for n in range(41, 47)}
    | {str(n) for n in range(50, 55)}
    | {str(n) for n in range(61, 66)}
    | {"71", "81", "82", "83"}
)
EARLIEST_BIRTH = date(1890, 1, 1)

MSG_EMPTY = QT_TRANSLATE_NOOP("Messages", "Please enter the ID number")
MSG_CHARACTERS = QT_TRANSLATE_NOOP(
    "Messages",
    "The ID number may contain only digits, and X as its last character; "
    "please check for letters or symbols typed by mistake",
)
MSG_CHARACTERS_15 = QT_TRANSLATE_NOOP(
    "Messages", "An old 15-digit ID number contains only digits, without X"
)
MSG_LENGTH = QT_TRANSLATE_NOOP(
    "Messages",
    "The ID number must have 18 characters (15 for an old number); {length} were entered",
)
MSG_PROVINCE = QT_TRANSLATE_NOOP(
    "Messages",
    "The ID number starts with {province}, which is not a province code; "
    "please check the first two digits",
)
MSG_DATE_INVALID = QT_TRANSLATE_NOOP(
    "Messages", "The birth date in the ID number ({date}) does not exist; please check it"
)
MSG_DATE_FUTURE = QT_TRANSLATE_NOOP(
    "Messages", "The birth date in the ID number ({date}) is later than today; please check it"
)
MSG_DATE_TOO_EARLY = QT_TRANSLATE_NOOP(
    "Messages", "The birth date in the ID number ({date}) is before 1890; please check it"
)
MSG_CHECKSUM = QT_TRANSLATE_NOOP(
    "Messages",
    "The check digit of the ID number is wrong; please check the number digit by digit, "
    "especially the last one",
)
MSG_BIRTH_MISMATCH = QT_TRANSLATE_NOOP(
    "Messages", "The birth date does not match the ID number, which gives {expected}"
)
MSG_SEX_MISMATCH = QT_TRANSLATE_NOOP(
    "Messages", "The sex does not match the ID number, which gives {expected}"
)

# Characters people paste or type by accident: full-width digits and X, and invisible spaces.
_FULL_WIDTH = {0xFF10 + i: str(i) for i in range(10)} | {0xFF38: "X", 0xFF58: "X"}
_INVISIBLE = {0x200B: None, 0x200C: None, 0x200D: None, 0x2060: None, 0xFEFF: None}
_TRANSLATE = str.maketrans(_FULL_WIDTH | _INVISIBLE)


@dataclass(frozen=True)
class IdNumber:
    """A valid 公民身份号码 and what it says about its holder."""

    number: str  # 18 characters, upper-case X
    birth_date: date
    sex: str  # GB/T 2261.1: "1" 男, "2" 女
    area_code: str  # 6-digit 地址码 at issue (may be abolished by now)
    converted_from_15: bool = False

    @property
    def province_code(self) -> str:
        return self.area_code[:2]

    def age_on(self, day: date) -> int:
        """Age in whole years on ``day``."""
        before_birthday = (day.month, day.day) < (self.birth_date.month, self.birth_date.day)
        return day.year - self.birth_date.year - before_birthday


def normalize_id_text(text: str) -> str:
    """Strip all whitespace (incl. full-width), fold full-width digits and x/X to ASCII X."""
    return "".join(text.translate(_TRANSLATE).split()).upper()


def check_character(first17: str) -> str:
    """The ISO 7064 MOD 11-2 check character for the first 17 digits."""
    if len(first17) != 17 or not (first17.isascii() and first17.isdigit()):
        raise ValueError("need exactly 17 digits")
    total = sum(int(d) * w for d, w in zip(first17, _WEIGHTS, strict=True))
    return _CHECK_CHARS[total % 11]


def _fail(field: str, message: str, **params: object) -> ValidationError:
    return ValidationError([FieldError(field, message, dict(params))])


def parse_id_number(text: str, today: date | None = None, field: str = "id_number") -> IdNumber:
    """Validate and parse an ID number as typed; :class:`ValidationError` on ``field`` if bad.

    Accepts spaces, full-width characters, lower-case x and legacy 15-digit numbers. Each
    problem (length, characters, province, date, check digit) has its own message.
    """
    today = today or date.today()
    number = normalize_id_text(text)
    if not number:
        raise _fail(field, MSG_EMPTY)
    if not re.fullmatch(r"[0-9]*[0-9X]", number):
        raise _fail(field, MSG_CHARACTERS)
    if len(number) not in (15, 18):
        raise _fail(field, MSG_LENGTH, length=len(number))
    converted = len(number) == 15
    if converted:
        if number.endswith("X"):
            raise _fail(field, MSG_CHARACTERS_15)
        first17 = number[:6] + "19" + number[6:]
        number = first17 + check_character(first17)
    if number[:2] not in PROVINCE_CODES:
        raise _fail(field, MSG_PROVINCE, province=number[:2])
    digits = number[6:14]
    shown = f"{digits[:4]}-{digits[4:6]}-{digits[6:]}"
    try:
        birth = date(int(digits[:4]), int(digits[4:6]), int(digits[6:]))
    except ValueError:
        raise _fail(field, MSG_DATE_INVALID, date=shown) from None
    if birth < EARLIEST_BIRTH:
        raise _fail(field, MSG_DATE_TOO_EARLY, date=shown)
    if birth > today:
        raise _fail(field, MSG_DATE_FUTURE, date=shown)
    if number[17] != check_character(number[:17]):
        raise _fail(field, MSG_CHECKSUM)
    return IdNumber(
        number=number,
        birth_date=birth,
        sex="1" if int(number[16]) % 2 else "2",
        area_code=number[:6],
        converted_from_15=converted,
    )


def is_valid_id_number(text: str) -> bool:
    """Whether :func:`parse_id_number` accepts ``text`` (as of today)."""
    try:
        parse_id_number(text)
    except ValidationError:
        return False
    return True


def check_consistency(idn: IdNumber, birth_date: date | None, sex: str | None) -> list[FieldError]:
    """Errors on ``birth_date`` / ``sex`` where what was typed contradicts the ID number.

    Empty values are not errors (the form fills them from the number), nor are the sex codes
    0 未知 and 9 未说明. Sex may be a code or anything :meth:`CodeTable.resolve` understands.
    """
    errors: list[FieldError] = []
    if birth_date is not None and birth_date != idn.birth_date:
        errors.append(
            FieldError("birth_date", MSG_BIRTH_MISMATCH, {"expected": idn.birth_date.isoformat()})
        )
    sex_table = codes.table("sex")
    typed = sex_table.resolve(sex) if sex else None
    if typed in ("1", "2") and typed != idn.sex:
        errors.append(FieldError("sex", MSG_SEX_MISMATCH, {"expected": sex_table.label(idn.sex)}))
    return errors


def make_id_number(area_code: str, birth: date, seq: int) -> str:
    """A valid 18-character number for demo data and tests; ``seq`` 0..999, odd = male."""
    if len(area_code) != 6 or not (area_code.isascii() and area_code.isdigit()):
        raise ValueError(f"area code must be 6 digits: {area_code!r}")
    if not 0 <= seq <= 999:
        raise ValueError(f"sequence must be 0..999: {seq}")
    first17 = f"{area_code}{birth:%Y%m%d}{seq:03d}"
    if len(first17) != 17:
        raise ValueError(f"birth year must have 4 digits: {birth}")
    return first17 + check_character(first17)


def mask_id_number(number: str) -> str:
    """``110105********002X``: area code and last 4 shown, birth date and the rest hidden.

    A legacy 15-digit number shows its area code and 3-digit sequence. Anything else is masked
    completely, so a mistyped or foreign number is never shown whole.
    """
    text = normalize_id_text(number)
    if len(text) == 18:
        return text[:6] + "*" * 8 + text[-4:]
    if len(text) == 15:
        return text[:6] + "*" * 6 + text[-3:]
    return "*" * len(text)


_MOBILE = re.compile(r"(?:\+?86|0086)?(1\d{10})")
_PHONE_SPLIT = re.compile(r"([/,，;；、]|\s{2,})")


def _mask_digits(digits: str) -> str:
    """Keep the last 4 (8+ digits), 3 (6-7), 2 (4-5) or nothing; mask the rest."""
    keep = 4 if len(digits) >= 8 else 3 if len(digits) >= 6 else 2 if len(digits) >= 4 else 0
    return "*" * (len(digits) - keep) + digits[len(digits) - keep :]


def _mask_one_phone(phone: str) -> str:
    text = phone.strip()
    if not text:
        return phone
    compact = re.sub(r"[\s\-()（）]", "", text)
    mobile = _MOBILE.fullmatch(compact)
    if mobile:
        number = mobile.group(1)
        return number[:3] + "****" + number[-4:]
    groups: list[str] = re.findall(r"\d+", text)
    if not groups:
        return "*" * len(text)
    digits = "".join(groups)
    if digits.startswith("0") and len(digits) >= 9:
        # Area codes: 010 and 02x have 3 digits, all others 4; an explicit separator wins.
        if len(groups) > 1 and 3 <= len(groups[0]) <= 4:
            area, rest = groups[0], groups[1:]
        else:
            width = 3 if digits[1] in "12" else 4
            area, rest = digits[:width], [digits[width:]]
        # "0755-8888 1234" is one local number; groups after 7+ digits are an extension.
        local = ""
        while rest and len(local) < 7:
            local += rest.pop(0)
        extension = "".join(rest)
        masked = area + "-" + _mask_digits(local)
        return masked + ("-" + "*" * len(extension) if extension else "")
    return _mask_digits(digits)


def mask_phone(phone: str) -> str:
    """``138****5678`` for mobiles; landlines keep the area code and the last 2-4 digits.

    A field holding several numbers ("138…/0755-…") has each masked; nothing is shown whole.
    """
    parts = _PHONE_SPLIT.split(phone)
    return "".join(
        part if _PHONE_SPLIT.fullmatch(part) else _mask_one_phone(part) for part in parts
    )


__all__ = [
    "EARLIEST_BIRTH",
    "PROVINCE_CODES",
    "IdNumber",
    "check_character",
    "check_consistency",
    "is_valid_id_number",
    "make_id_number",
    "mask_id_number",
    "mask_phone",
    "normalize_id_text",
    "parse_id_number",
]
