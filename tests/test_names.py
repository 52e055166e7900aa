"""Pinyin search keys of names, name splitting and search-text normalisation."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gridapp.models.names import (
    MAX_NAME_CHARS,
    NameKeys,
    grams,
    name_keys,
    normalize_text,
    split_name,
    surnames,
)

KEY_RE = re.compile(r"[a-z]*")


def test_zhang_sanfeng_by_initials_and_full_pinyin() -> None:
    assert name_keys("张三丰") == NameKeys("zhangsanfeng", "zsf", "sanfeng", "sf")


def test_compound_surname() -> None:
    assert split_name("欧阳娜娜") == ("欧阳", "娜娜")
    keys = name_keys("欧阳娜娜")
    assert (keys.full, keys.initials) == ("ouyangnana", "oynn")
    assert (keys.given_full, keys.given_initials) == ("nana", "nn")


@pytest.mark.parametrize(
    ("name", "full", "initials"),
    [
        ("司马光", "simaguang", "smg"),
        ("诸葛亮", "zhugeliang", "zgl"),
        ("上官婉儿", "shangguanwaner", "sgwe"),
        ("尉迟恭", "yuchigong", "ycg"),
        ("万俟卨", "moqixie", "mqx"),
        ("长孙无忌", "zhangsunwuji", "zswj"),
        ("单于夜", "chanyuye", "cyy"),
    ],
)
def test_compound_surnames_read_as_surnames(name: str, full: str, initials: str) -> None:
    keys = name_keys(name)
    assert (keys.full, keys.initials) == (full, initials)


@pytest.mark.parametrize(
    ("surname", "reading"),
    [
        ("曾", "zeng"),
        ("单", "shan"),
        ("覃", "qin"),
        ("解", "xie"),
        ("仇", "qiu"),
        ("区", "ou"),
        ("查", "zha"),
        ("朴", "piao"),
        ("盖", "ge"),
        ("缪", "miao"),
        ("翟", "zhai"),
        ("乐", "yue"),
        ("尉", "yu"),
        ("秘", "bi"),
        ("种", "chong"),
        ("繁", "po"),
        ("员", "yun"),
        ("谌", "chen"),
        ("褚", "chu"),
        ("阚", "kan"),
        ("黑", "he"),
        ("牟", "mu"),
        ("能", "nai"),
        ("吕", "lv"),
    ],
)
def test_polyphonic_surnames(surname: str, reading: str) -> None:
    keys = name_keys(surname + "小明")
    assert keys.full == reading + "xiaoming"
    assert keys.initials == reading[0] + "xm"
    # A bare surname is read the same way.
    assert name_keys(surname).full == reading


def test_surname_reading_applies_to_the_surname_only() -> None:
    # 曾 inside a given name keeps the common reading ceng; 单 there reads dan.
    assert name_keys("王曾").full == "wangceng"
    assert name_keys("李单").full == "lidan"


def test_two_character_names() -> None:
    assert split_name("王五") == ("王", "五")
    assert name_keys("王五") == NameKeys("wangwu", "ww", "wu", "w")
    # Two characters that happen to form a compound surname are surname + given name.
    assert split_name("欧阳") == ("欧", "阳")
    assert name_keys("欧阳").initials == "oy"


@pytest.mark.parametrize("name", ["张乐乐", "李重阳", "王行", "赵长乐", "孙银行"])
def test_polyphonic_characters_in_given_names_are_stable(name: str) -> None:
    first = name_keys(name)
    assert first == name_keys(name)
    assert KEY_RE.fullmatch(first.full)
    assert len(first.initials) == len(name)


def test_given_names_read_a_common_reading() -> None:
    assert name_keys("张乐乐").given_full in {"lele", "yueyue"}
    assert name_keys("李重阳").given_full in {"zhongyang", "chongyang"}


def test_minority_names_with_dot() -> None:
    assert split_name("阿依古丽·买买提") == ("", "阿依古丽·买买提")
    keys = name_keys("阿依古丽·买买提")
    assert keys.full == "ayigulimaimaiti"
    assert keys.initials == "ayglmmt"
    assert (keys.given_full, keys.given_initials) == (keys.full, keys.initials)
    # Other dots people type are the same separator.
    for dot in ["•", "・", "．", "."]:
        assert name_keys(f"阿依古丽{dot}买买提") == keys


def test_latin_letters_are_kept_lowercased() -> None:
    assert name_keys("Tom Smith") == NameKeys("tomsmith", "ts", "tomsmith", "ts")
    assert name_keys("张Tom") == NameKeys("zhangtom", "zt", "tom", "t")
    assert name_keys("ＡＢＣ").full == "abc"  # full-width letters
    assert name_keys("José").full == "jose"


def test_digits_and_punctuation_are_dropped() -> None:
    assert name_keys("张三2号").full == "zhangsanhao"
    assert name_keys("李四（小）").full == "lisixiao"


def test_whitespace_inside_chinese_names_is_ignored() -> None:
    assert split_name("  李 小 龙 ") == ("李", "小龙")
    assert name_keys("李　小龙") == name_keys("李小龙")


def test_empty_name() -> None:
    assert split_name("") == ("", "")
    assert name_keys("") == NameKeys("", "", "", "")
    assert name_keys("   ") == NameKeys("", "", "", "")


@pytest.mark.parametrize(
    "hostile",
    [
        "😀😀😀",
        "\x00\x01\x1b[31m张三\x7f",
        "\u200b\ufeff王\u202e五",
        "\ud800",
        "張三豐",  # traditional characters still have readings
        "𠀀𪚥",  # extension B
        "ﷺ" * 100,  # NFKC expands this character to 18
    ],
)
def test_hostile_input_does_not_crash(hostile: str) -> None:
    keys = name_keys(hostile)
    for key in (keys.full, keys.initials, keys.given_full, keys.given_initials):
        assert KEY_RE.fullmatch(key)


def test_control_characters_do_not_change_keys() -> None:
    assert name_keys("\x00张\u200b三\x1f丰") == name_keys("张三丰")


def test_long_input_is_capped() -> None:
    keys = name_keys("张" * 10_000)
    assert keys.initials == "z" * MAX_NAME_CHARS
    assert len(keys.full) == len("zhang") * MAX_NAME_CHARS
    assert len(name_keys("a" * 10_000).full) == MAX_NAME_CHARS


@given(st.text(max_size=300))
def test_any_text_gives_bounded_lowercase_ascii_keys(text: str) -> None:
    keys = name_keys(text)
    for key in (keys.full, keys.initials, keys.given_full, keys.given_initials):
        assert KEY_RE.fullmatch(key)
        assert len(key) <= MAX_NAME_CHARS * 6  # the longest syllable is 6 letters
    assert len(keys.initials) <= MAX_NAME_CHARS
    assert keys.full.endswith(keys.given_full)
    assert keys.initials.endswith(keys.given_initials)


def test_surname_table_is_sane() -> None:
    table = surnames()
    names = [s.surname for s in table]
    assert len(names) == len(set(names))
    single = [s for s in table if len(s.surname) == 1]
    compound = [s for s in table if len(s.surname) == 2]
    assert len(single) >= 400
    assert len(compound) >= 20
    assert [s.surname for s in single[:3]] == ["王", "李", "张"]
    assert all(s.per_mille > 0 for s in table)
    for s in table:
        assert len(s.syllables) == len(s.surname)
        assert all(KEY_RE.fullmatch(syllable) and syllable for syllable in s.syllables)


def test_normalize_text() -> None:
    assert normalize_text(" ＡＢＣ　１２３ 张 三\n") == "abc123张三"
    assert normalize_text("Wu\u200bHan\x00") == "wuhan"
    assert normalize_text("（幸福路８号）") == "(幸福路8号)"
    assert normalize_text("") == ""


def test_normalize_text_is_idempotent() -> None:
    text = "宋溪社区 幸福路８号２栋１单元３０２室 ＡＢ"
    assert normalize_text(normalize_text(text)) == normalize_text(text)


def test_grams() -> None:
    assert grams("张三丰", 2) == ["张三", "三丰"]
    assert grams("张三丰", 1) == ["张", "三", "丰"]
    assert grams("幸福路８号，2栋", 3) == ["幸福路", "福路8", "路8号", "8号2", "号2栋"]
    assert grams("Ａb c", 2) == ["ab", "bc"]
    assert grams("张", 2) == []
    assert grams("", 1) == []
    assert grams("😀张😀三!", 2) == ["张三"]


def test_grams_rejects_nonpositive_size() -> None:
    with pytest.raises(ValueError):
        grams("张三", 0)
