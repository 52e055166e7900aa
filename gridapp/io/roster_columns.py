"""The roster's columns: their Chinese headers, the fields they fill, and how headers match.

:data:`COLUMNS` is the roster as import reads it and export writes it; :data:`CHECKED_COLUMNS`
are columns many rosters carry that are only checked against the ID number. A header in a
file matches a column by :func:`header_key`, so ``* 姓名 (必填)`` is still 姓名.
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any


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


def header_key(text: str) -> str:
    """Headers match ignoring spaces, full-width forms, * marks and a trailing (必填)."""
    key = "".join(unicodedata.normalize("NFKC", text).split()).replace("*", "")
    return re.sub(r"\((必填|选填|可选|非必填)\)$", "", key)


BY_HEADER: dict[str, Column] = {
    header_key(name): column
    for column in (*COLUMNS, *CHECKED_COLUMNS)
    for name in (column.header, *column.aliases)
}
"""Every accepted header (as :func:`header_key`) -> its column."""


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


__all__ = [
    "BY_HEADER",
    "CHECKED_COLUMNS",
    "COLUMNS",
    "IGNORED_HEADERS",
    "Column",
    "cell_text",
    "header_key",
]
