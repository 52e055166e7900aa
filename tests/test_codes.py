"""Code tables: every shipped table loads cleanly and resolves what people type in rosters."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from gridapp.models.codes import TABLE_NAMES, Code, CodeTable, parse_table, table
from gridapp.paths import resource_path


@pytest.mark.parametrize("name", TABLE_NAMES)
def test_table_is_well_formed(name: str) -> None:
    t = table(name)
    assert t.name == name
    assert t.standard
    assert t.title
    entries = t.items()
    assert entries
    codes = [c.code for c in entries]
    assert len(codes) == len(set(codes))
    labels = [c.label for c in entries]
    assert all(label.strip() for label in labels)
    assert len(labels) == len(set(labels)), "two codes share a label"
    aliases = [a for c in entries for a in c.aliases]
    assert len(aliases) == len(set(aliases)), "an alias is listed twice"
    for entry in entries:
        for alias in entry.aliases:
            assert alias.strip()
            clashes = [c.code for c in entries if alias in (c.label, c.code)]
            assert not clashes, f"alias {alias!r} of {entry.code} equals {clashes}"
            assert t.resolve(alias) == entry.code
        assert t.resolve(entry.code) == entry.code
        assert t.resolve(entry.label) == entry.code
        assert t.label(entry.code) == entry.label
        assert entry.code in t
        if entry.parent is not None:
            assert entry.parent in t
            assert t.get(entry.parent) is not None
            assert t.get(entry.parent).parent is None  # type: ignore[union-attr]


def test_every_file_is_a_listed_table() -> None:
    files = {p.stem for p in resource_path("codes").glob("*.json")}
    assert files == set(TABLE_NAMES)


def test_standards_are_named() -> None:
    for name in TABLE_NAMES:
        standard = table(name).standard
        assert standard == "app" or re.fullmatch(r"(GB|GA)(/T)? \d+(\.\d+)?", standard), name


def test_documented() -> None:
    doc = (Path(__file__).resolve().parent.parent / "docs" / "code-tables.md").read_text("utf-8")
    for name in TABLE_NAMES:
        assert f"`{name}`" in doc, name


def test_resolve_code_label_alias_and_noise() -> None:
    ethnicity = table("ethnicity")
    assert ethnicity.resolve("01") == "01"
    assert ethnicity.resolve("汉族") == "01"
    assert ethnicity.resolve("汉") == "01"
    assert ethnicity.resolve("  汉 族\u3000") == "01"
    assert ethnicity.resolve("１") == "01"  # full-width digit, leading zero lost
    assert ethnicity.resolve("1") == "01"
    assert ethnicity.resolve("崩龙族") == "46"
    assert ethnicity.resolve("克林贡族") is None
    assert ethnicity.resolve("") is None
    assert ethnicity.resolve("   ") is None
    assert ethnicity.resolve("99") is None
    assert table("sex").resolve("01") == "1"
    assert table("person_tag").resolve(" DIBAO ") == "dibao"


def test_label_and_get_on_unknown_code() -> None:
    with pytest.raises(KeyError):
        table("sex").label("3")
    assert table("sex").get("3") is None
    assert "3" not in table("sex")


def test_unknown_table_name() -> None:
    with pytest.raises(KeyError):
        table("no_such_table")


def test_sex() -> None:
    sex = table("sex")
    assert [c.code for c in sex.items()] == ["0", "1", "2", "9"]
    assert sex.label("1") == "男"
    assert sex.resolve("女性") == "2"
    assert sex.standard == "GB/T 2261.1"


def test_ethnicity_is_complete() -> None:
    ethnicity = table("ethnicity")
    codes = [c.code for c in ethnicity.items()]
    assert codes == [f"{i:02d}" for i in range(1, 57)] + ["97", "98"]
    assert all(c.label.endswith("族") for c in ethnicity.items()[:56])
    assert ethnicity.label("56") == "基诺族"
    assert ethnicity.label("98") == "外国血统中国籍人士"
    assert ethnicity.resolve("维族") == "05"


@pytest.mark.parametrize(
    ("typed", "code"),
    [("党员", "01"), ("预备党员", "02"), ("团员", "03"), ("群众", "13"), ("无党派", "12")],
)
def test_political_aliases(typed: str, code: str) -> None:
    assert table("political").resolve(typed) == code


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("研究生", "10"),
        ("本科", "20"),
        ("大专", "30"),
        ("中专", "40"),
        ("高中", "60"),
        ("初中", "70"),
        ("小学", "80"),
        ("文盲", "90"),
        ("其他", "90"),
        ("初中毕业", "71"),
    ],
)
def test_education_aliases(typed: str, code: str) -> None:
    assert table("education").resolve(typed) == code


def test_education_top_level_filter() -> None:
    education = table("education")
    top = [c.code for c in education.items(top_level=True)]
    assert top == ["10", "20", "30", "40", "60", "70", "80", "90"]
    assert len(education.items()) > len(top)
    assert education.root("21") == "20"
    assert education.root("20") == "20"
    assert [c.code for c in education.children("70")] == ["71", "73"]


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("户主", "02"),
        ("本人", "01"),
        ("配偶", "10"),
        ("夫", "11"),
        ("妻", "12"),
        ("子", "20"),
        ("儿子", "20"),
        ("女", "30"),
        ("女儿", "30"),
        ("孙子", "41"),
        ("孙女", "42"),
        ("父亲", "51"),
        ("母亲", "52"),
        ("兄", "71"),
        ("非亲属", "99"),
    ],
)
def test_relation_aliases(typed: str, code: str) -> None:
    assert table("relation").resolve(typed) == code


def test_relation_is_two_level() -> None:
    relation = table("relation")
    assert relation.label("02") == "户主"
    assert relation.get("02") == Code("02", "户主")
    for entry in relation.items():
        if entry.parent is not None:
            assert entry.code[0] == entry.parent[0] or entry.parent == "80", entry
    assert relation.root("97") == "80"
    assert relation.root("91") == "80"


def test_gbt31000_tables_match_the_standard() -> None:
    assert [c.label for c in table("inflow_reason").items()][-1] == "其他"
    assert table("hazard_type").label("00") == "无"
    assert table("hazard_type").label("05") == "疾病传染隐患"
    assert table("rent_use").label("06") == "厂房"
    assert table("residence_type").label("07") == "农民工公寓"
    assert table("level").label("06") == "村、社区"
    assert table("left_behind_type").label("03") == "留守儿童"
    assert table("resident_match").resolve("人户分离") == "02"
    assert all(table(n).standard == "GB/T 31000" for n in ("level", "health", "building_use"))


def test_person_tags_are_service_or_management() -> None:
    tags = table("person_tag")
    assert {c.category for c in tags.items()} == {"service", "management"}
    assert tags.get("dibao").category == "service"  # type: ignore[union-attr]
    assert tags.get("correction").category == "management"  # type: ignore[union-attr]
    assert tags.resolve("五保户") == "tekun"
    assert tags.resolve("留守儿童") == "left_behind_child"
    assert tags.resolve("刑满释放") == "released"
    management = {c.code for c in tags.items() if c.category == "management"}
    assert {"released", "correction", "mental", "drug", "aids", "youth", "petition_key"} == (
        management
    )
    # each left-behind tag points at its GB/T 31000 5.15 code
    left_behind = table("left_behind_type")
    for code in ("left_behind_elderly", "left_behind_woman", "left_behind_child"):
        entry = tags.get(code)
        assert entry is not None
        assert left_behind.label(entry.extra["left_behind_type"]) == entry.label


def test_app_tables_have_expected_codes() -> None:
    assert table("household_event").label("head_change") == "变更户主"
    assert table("petition_channel").resolve("12345") == "hotline_12345"
    assert table("petition_decision").label("reject") == "不予支持"
    assert table("satisfaction").resolve("基本满意") == "basic"
    assert table("petition_category").label("99") == "其他"
    assert table("cert_type").resolve("身份证") == "111"
    assert table("party_membership").resolve("预备") == "probationary"


def test_code_is_hashable_and_immutable() -> None:
    entry = table("person_tag").get("dibao")
    assert entry is not None
    hash(entry)
    with pytest.raises(TypeError):
        entry.extra["category"] = "management"  # type: ignore[index]


def _raw(*codes: dict[str, object]) -> dict[str, object]:
    return {"name": "t", "standard": "app", "codes": list(codes)}


@pytest.mark.parametrize(
    "data",
    [
        _raw({"code": "1", "label": "甲"}, {"code": "1", "label": "乙"}),
        _raw({"code": "1", "label": "甲"}, {"code": "2", "label": "甲"}),
        _raw({"code": "1", "label": "甲"}, {"code": "2", "label": "乙", "aliases": ["甲"]}),
        _raw(
            {"code": "1", "label": "甲", "aliases": ["丙"]},
            {"code": "2", "label": "乙", "aliases": ["丙"]},
        ),
        _raw({"code": "1", "label": "甲", "parent": "9"}),
        _raw({"code": "1", "label": " "}),
        _raw(),
        {"name": "t", "codes": [{"code": "1", "label": "甲"}]},
    ],
)
def test_malformed_tables_are_refused(data: dict[str, object]) -> None:
    with pytest.raises(ValueError):
        parse_table(data)


def test_shipped_json_round_trips() -> None:
    for name in TABLE_NAMES:
        data = json.loads(resource_path("codes", f"{name}.json").read_text("utf-8"))
        assert isinstance(parse_table(data), CodeTable)
        assert data["name"] == name
