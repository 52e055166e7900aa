"""公民身份号码: parsing, the distinct error messages, legacy numbers, masking."""

from __future__ import annotations

import re
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st
from stdnum.cn import ric

from gridapp.i18n import translate
from gridapp.models import idnumber
from gridapp.models.errors import ValidationError
from gridapp.models.idnumber import (
    IdNumber,
    check_character,
    check_consistency,
    is_valid_id_number,
    make_id_number,
    mask_id_number,
    mask_phone,
    parse_id_number,
)

TODAY = date(2025, 6, 1)
EXAMPLE = "11010519491231002X"  # the worked example of GB 11643
CJK = re.compile(r"[\u4e00-\u9fff]")


def with_check(first17: str) -> str:
    """Complete 17 digits with the check character computed by python-stdnum (an oracle)."""
    return first17 + ric.calc_check_digit(first17 + "0")


def error_of(text: str, today: date = TODAY) -> str:
    """The source message of the single error ``parse_id_number`` raises for ``text``."""
    with pytest.raises(ValidationError) as caught:
        parse_id_number(text, today=today)
    assert len(caught.value.errors) == 1
    assert caught.value.errors[0].field == "id_number"
    return caught.value.errors[0].message


def test_worked_example() -> None:
    idn = parse_id_number(EXAMPLE, today=TODAY)
    assert idn == IdNumber(EXAMPLE, date(1949, 12, 31), "2", "110105", False)
    assert idn.age_on(date(2025, 12, 30)) == 75
    assert idn.age_on(date(2025, 12, 31)) == 76


def test_check_character_agrees_with_stdnum() -> None:
    assert check_character(EXAMPLE[:17]) == "X"
    for first17 in ("11010519491231002", "36042619910101007", "44030619800229123"):
        assert check_character(first17) == ric.calc_check_digit(first17 + "0")


@pytest.mark.parametrize(
    "typed",
    [
        "11010519491231002x",
        " 110105 19491231 002X ",
        "１１０１０５１９４９１２３１００２Ｘ",
        "１１０１０５\u3000１９４９１２３１\u3000００２ｘ",
        "110105\t19491231\n002X\u200b",
    ],
)
def test_normalised_input(typed: str) -> None:
    assert parse_id_number(typed, today=TODAY).number == EXAMPLE


def test_male_and_sex_digit() -> None:
    number = with_check("11010519800101001")
    assert parse_id_number(number, today=TODAY).sex == "1"


def test_wrong_checksum() -> None:
    assert error_of("110105194912310021") == idnumber.MSG_CHECKSUM
    assert error_of("110105194912310020") == idnumber.MSG_CHECKSUM
    assert not is_valid_id_number("110105194912310021")


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("", idnumber.MSG_EMPTY),
        ("   ", idnumber.MSG_EMPTY),
        ("11010519491231002", idnumber.MSG_LENGTH),
        ("110105194912310021X", idnumber.MSG_LENGTH),
        ("1101051949123100", idnumber.MSG_LENGTH),
        ("11010519491231002Y", idnumber.MSG_CHARACTERS),
        ("1101051949123100X2", idnumber.MSG_CHARACTERS),
        ("110105-19491231-002X", idnumber.MSG_CHARACTERS),
        ("张三", idnumber.MSG_CHARACTERS),
        ("11010549123100X", idnumber.MSG_CHARACTERS_15),
    ],
)
def test_format_errors(typed: str, message: str) -> None:
    assert error_of(typed) == message


def test_length_error_says_how_many() -> None:
    with pytest.raises(ValidationError) as caught:
        parse_id_number("11010519491231002", today=TODAY)
    assert "17" in caught.value.messages()["id_number"]


def test_leap_day() -> None:
    assert parse_id_number(with_check("11010520000229002"), today=TODAY).birth_date == date(
        2000, 2, 29
    )
    assert error_of(with_check("11010519990229002")) == idnumber.MSG_DATE_INVALID
    assert error_of(with_check("11010519000229002")) == idnumber.MSG_DATE_INVALID  # 1900: no
    assert error_of(with_check("11010519491301002")) == idnumber.MSG_DATE_INVALID
    assert error_of(with_check("11010519490000002")) == idnumber.MSG_DATE_INVALID


def test_future_and_too_early_dates() -> None:
    born_today = with_check("11010520250601002")
    assert parse_id_number(born_today, today=TODAY).birth_date == TODAY
    assert error_of(with_check("11010520250602002")) == idnumber.MSG_DATE_FUTURE
    assert error_of(with_check("11010518891231002")) == idnumber.MSG_DATE_TOO_EARLY
    assert parse_id_number(with_check("11010518900101002"), today=TODAY)


@pytest.mark.parametrize("province", ["00", "10", "16", "24", "30", "38", "47", "55", "66", "99"])
def test_unknown_province(province: str) -> None:
    assert error_of(with_check(province + "010519491231002")) == idnumber.MSG_PROVINCE


@pytest.mark.parametrize("province", ["11", "15", "23", "37", "46", "50", "54", "65", "81", "83"])
def test_known_province(province: str) -> None:
    assert parse_id_number(with_check(province + "010519491231002"), today=TODAY)


@pytest.mark.parametrize("area", ["110108", "320723", "422104", "500101", "460100", "830000"])
def test_area_code_not_checked_against_current_list(area: str) -> None:
    # Issued codes are frozen: someone born 1950 may carry a code created later (500101
    # 重庆万州, 1997) or since abolished (422104). python-stdnum's validate() rejects several.
    number = make_id_number(area, date(1950, 3, 1), 123)
    idn = parse_id_number(number, today=TODAY)
    assert idn.area_code == area
    assert idn.birth_date == date(1950, 3, 1)


def test_stdnum_validate_would_have_rejected() -> None:
    # Documents why we do not use ric.validate: it refuses a real, valid-at-issue number.
    number = make_id_number("500101", date(1950, 3, 1), 123)
    assert not ric.is_valid(number)
    assert is_valid_id_number(number)


def test_legacy_15_digit_number() -> None:
    idn = parse_id_number("110105491231002", today=TODAY)
    assert idn.number == EXAMPLE
    assert idn.converted_from_15
    assert idn.birth_date == date(1949, 12, 31)
    assert idn.sex == "2"
    assert parse_id_number("110105800101001", today=TODAY).sex == "1"
    assert error_of("110105490231002") == idnumber.MSG_DATE_INVALID
    assert error_of("990105491231002") == idnumber.MSG_PROVINCE


# -- the Chinese messages a 网格员 reads ----------------------------------------------------

BAD_INPUTS = {
    idnumber.MSG_EMPTY: "",
    idnumber.MSG_CHARACTERS: "11010519491231002Y",
    idnumber.MSG_CHARACTERS_15: "11010549123100X",
    idnumber.MSG_LENGTH: "1101051949",
    idnumber.MSG_PROVINCE: with_check("99010519491231002"),
    idnumber.MSG_DATE_INVALID: with_check("11010519490230002"),
    idnumber.MSG_DATE_FUTURE: with_check("11010520300101002"),
    idnumber.MSG_DATE_TOO_EARLY: with_check("11010518800101002"),
    idnumber.MSG_CHECKSUM: "110105194912310021",
}


@pytest.mark.parametrize("message", list(BAD_INPUTS))
def test_each_error_has_its_own_chinese_message(message: str) -> None:
    assert error_of(BAD_INPUTS[message]) == message
    with pytest.raises(ValidationError) as caught:
        parse_id_number(BAD_INPUTS[message], today=TODAY, field="head_id_no")
    text = caught.value.messages()["head_id_no"]
    assert CJK.search(text), text
    assert "{" not in text
    assert "身份" in text or "号码" in text
    assert caught.value.messages("en")["head_id_no"] != text


def test_chinese_messages_are_distinct() -> None:
    texts = {translate("Messages", m) for m in BAD_INPUTS}
    assert len(texts) == len(BAD_INPUTS)


def test_every_message_is_translated() -> None:
    messages = [v for k, v in vars(idnumber).items() if k.startswith("MSG_")]
    assert len(messages) >= 11
    for message in messages:
        assert CJK.search(translate("Messages", message)), message


def test_checksum_message_does_not_give_the_answer() -> None:
    with pytest.raises(ValidationError) as caught:
        parse_id_number("110105194912310021", today=TODAY)
    assert "X" not in caught.value.messages()["id_number"]
    assert "校验" in caught.value.messages()["id_number"]


# -- consistency with what was typed ---------------------------------------------------------


def test_consistency() -> None:
    idn = parse_id_number(EXAMPLE, today=TODAY)
    assert check_consistency(idn, date(1949, 12, 31), "2") == []
    assert check_consistency(idn, None, None) == []
    assert check_consistency(idn, None, "") == []
    assert check_consistency(idn, None, "女") == []
    assert check_consistency(idn, None, "9") == []  # 未说明: not a contradiction
    errors = check_consistency(idn, date(1949, 12, 30), "1")
    assert [e.field for e in errors] == ["birth_date", "sex"]
    assert "1949-12-31" in errors[0].text()
    assert "女" in errors[1].text()
    assert CJK.search(errors[0].text())
    assert [e.field for e in check_consistency(idn, None, "男性")] == ["sex"]


# -- make_id_number and properties -------------------------------------------------------------

PROVINCES = sorted(idnumber.PROVINCE_CODES)
areas = st.builds(
    lambda p, rest: p + rest,
    st.sampled_from(PROVINCES),
    st.text("0123456789", min_size=4, max_size=4),
)
births = st.dates(min_value=date(1890, 1, 1), max_value=TODAY)
seqs = st.integers(min_value=0, max_value=999)


@given(areas, births, seqs)
def test_make_id_number_parses_back(area: str, birth: date, seq: int) -> None:
    number = make_id_number(area, birth, seq)
    idn = parse_id_number(number, today=TODAY)
    assert idn.number == number
    assert idn.area_code == area
    assert idn.birth_date == birth
    assert idn.sex == ("1" if seq % 2 else "2")
    assert number[14:17] == f"{seq:03d}"
    assert ric.calc_check_digit(number) == number[-1]


@given(areas, births, seqs, st.integers(min_value=0, max_value=17), st.data())
def test_any_single_character_change_is_rejected(
    area: str, birth: date, seq: int, position: int, data: st.DataObject
) -> None:
    number = make_id_number(area, birth, seq)
    alphabet = "0123456789X" if position == 17 else "0123456789"
    replacement = data.draw(st.sampled_from([c for c in alphabet if c != number[position]]))
    changed = number[:position] + replacement + number[position + 1 :]
    with pytest.raises(ValidationError):
        parse_id_number(changed, today=TODAY)


@given(areas, births, seqs)
def test_mask_never_reveals_the_middle(area: str, birth: date, seq: int) -> None:
    number = make_id_number(area, birth, seq)
    masked = mask_id_number(number)
    assert masked == number[:6] + "********" + number[-4:]
    assert number[6:14] not in masked


@given(st.text(max_size=30).filter(lambda s: any(c.isalnum() for c in s)))
def test_mask_never_returns_input_whole(text: str) -> None:
    assert mask_id_number(text) != text
    assert mask_phone(text) != text


def test_mask_id_number_examples() -> None:
    assert mask_id_number(EXAMPLE) == "110105********002X"
    assert mask_id_number("11010519491231002x") == "110105********002X"
    assert mask_id_number("110105491231002") == "110105******002"
    assert mask_id_number("1101051949") == "**********"
    assert mask_id_number("") == ""


@pytest.mark.parametrize(
    ("phone", "masked"),
    [
        ("13812345678", "138****5678"),
        ("138 1234 5678", "138****5678"),
        ("+86 138-1234-5678", "138****5678"),
        ("010-12345678", "010-****5678"),
        ("01012345678", "010-****5678"),
        ("0755-8888 1234", "0755-****1234"),
        ("(0755)88881234", "0755-****1234"),
        ("0571-8765432", "0571-****432"),
        ("010-12345678-123", "010-****5678-***"),
        ("87654321", "****4321"),
        ("12345", "***45"),
        ("13812345678/0755-88881234", "138****5678/0755-****1234"),
        ("", ""),
    ],
)
def test_mask_phone(phone: str, masked: str) -> None:
    assert mask_phone(phone) == masked


@given(st.from_regex(r"1[3-9][0-9]{9}", fullmatch=True))
def test_mask_phone_hides_the_middle_of_mobiles(phone: str) -> None:
    assert mask_phone(phone) == phone[:3] + "****" + phone[-4:]


def test_make_id_number_refuses_bad_input() -> None:
    with pytest.raises(ValueError):
        make_id_number("11010", date(1980, 1, 1), 1)
    with pytest.raises(ValueError):
        make_id_number("110105", date(1980, 1, 1), 1000)
    with pytest.raises(ValueError):
        make_id_number("110105", date(1980, 1, 1), -1)
