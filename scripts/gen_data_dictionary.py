"""Write docs/data-dictionary.md from the schema and resources/data-dictionary.json.

Run after a migration adds columns: ``.venv/bin/python scripts/gen_data_dictionary.py``.
A test fails when a column has no label or the document is out of date.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import sqlcipher3

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from gridapp.models import codes  # noqa: E402
from gridapp.store import migrations  # noqa: E402

LABELS = ROOT / "resources" / "data-dictionary.json"
DOC = ROOT / "docs" / "data-dictionary.md"


def schema() -> dict[str, list[tuple[str, str]]]:
    conn = sqlcipher3.connect(":memory:", isolation_level=None)
    migrations.migrate(conn)
    tables: dict[str, list[tuple[str, str]]] = {}
    rows = conn.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite%'"
        " ORDER BY rowid"
    ).fetchall()
    # Full-text indexes (and their shadow tables) are derived data, not fields.
    virtual = [name for name, sql in rows if sql.upper().startswith("CREATE VIRTUAL")]
    for name, _sql in rows:
        if name in virtual or any(name.startswith(v + "_") for v in virtual):
            continue
        tables[name] = [(r[1], r[2] or "") for r in conn.execute(f"PRAGMA table_info({name})")]
    conn.close()
    return tables


def render() -> str:
    labels: dict[str, Any] = json.loads(LABELS.read_text("utf-8"))
    sync = labels["sync_columns"]
    lines = [
        "# 数据字典 (data dictionary)",
        "",
        "由 `scripts/gen_data_dictionary.py` 根据数据库结构和 `resources/data-dictionary.json`"
        " 生成，请勿手工修改。代码表见 `docs/code-tables.md`。",
        "",
        "## 同步字段 (每张同步表都有)",
        "",
        "| 中文名 | 标识符 |",
        "| --- | --- |",
    ]
    lines += [f"| {v['label']} | `{k}` |" for k, v in sync.items()]
    for table, cols in schema().items():
        info = labels["tables"].get(table)
        if info is None:
            raise SystemExit(f"no label for table {table} in {LABELS.name}")
        lines += [
            "",
            f"## {info['label']} — `{table}`",
            "",
            "| 中文名 | 标识符 | 类型 | 代码表 |",
            "| --- | --- | --- | --- |",
        ]
        for name, kind in cols:
            if name in sync and table not in ("outbox", "audit_log", "meta", "sync_tombstone"):
                continue
            col = info["columns"].get(name)
            if col is None:
                raise SystemExit(f"no label for column {table}.{name} in {LABELS.name}")
            table_name = col.get("code_table")
            code = f"`{table_name}` ({codes.table(table_name).title})" if table_name else ""
            if name.endswith("_date") or name in ("birth_date",):
                kind += " (YYYY-MM-DD)"
            lines.append(f"| {col['label']} | `{name}` | {kind} | {code} |")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    DOC.write_text(render(), "utf-8")
    print(f"wrote {DOC}")
