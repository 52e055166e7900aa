"""The county's places: ``init`` (schema, county, places as synced ``place`` records) and
reading a places file.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from gridapp.models.places import village_of
from gridapp.server import schema as s
from gridapp.server.common import (
    _AREA,
    _GRID,
    SERVER_DEVICE,
    SetupError,
    _log,
    _write,
    _writer_lock,
    stamp,
    utcnow,
)
from gridapp.server.migrations import migrate

# --- init and places -------------------------------------------------------------------


@dataclass(frozen=True)
class PlaceRow:
    code: str
    name: str
    level: str
    parent_code: str | None
    valid_from: str = ""
    valid_to: str = ""


def _place_level(code: str, county: str) -> tuple[str, str | None]:
    """(level, parent code) of a place code of ``county``; ValueError if it is none."""
    if _GRID.match(code) and code.startswith(county):
        return "grid", code.split("-", 1)[0]
    if not _AREA.match(code) or not code.startswith(county):
        raise ValueError(f"not a place code of county {county}: {code!r}")
    return {6: ("county", None), 9: ("township", code[:6]), 12: ("village", code[:9])}[len(code)]


def read_places(path: Path, county: str) -> list[PlaceRow]:
    """Places from a JSON list of ``{code, name[, valid_from, valid_to]}`` objects or a CSV
    (or tab-separated) file with a ``code,name`` header; levels and parents follow from the
    codes (township 9 digits, village 12, grid ``<village>-NN``)."""
    text = path.read_text(encoding="utf-8-sig")
    if path.suffix.lower() == ".json":
        items = json.loads(text)
        if not isinstance(items, list):
            raise ValueError("a places file in JSON is a list of objects")
    else:
        dialect = "excel-tab" if "\t" in text.splitlines()[0] else "excel"
        items = list(csv.DictReader(io.StringIO(text), dialect=dialect))
    rows = []
    for item in items:
        if not isinstance(item, dict):
            raise ValueError(f"not a place: {item!r}")
        code = str(item.get("code", "")).strip()
        name = str(item.get("name", "")).strip()
        if not name:
            raise ValueError(f"place {code!r} has no name")
        level, parent = _place_level(code, county)
        rows.append(
            PlaceRow(
                code,
                name,
                level,
                parent,
                str(item.get("valid_from") or ""),
                str(item.get("valid_to") or ""),
            )
        )
    return rows


def init(
    engine: sa.Engine,
    code: str,
    name: str,
    places: Sequence[PlaceRow] = (),
    now: datetime | None = None,
) -> int:
    """Create or upgrade the schema, record the county and load its places (each becomes a
    synced ``place`` record with a fixed id). Re-running adds or updates places; a database
    of another county is refused. Returns the number of place records written."""
    if not re.fullmatch(r"[0-9]{6}", code):
        raise SetupError("bad_county", f"a county code has 6 digits: {code!r}")
    migrate(engine)
    moment = now or utcnow()
    written = 0
    with _write(engine) as conn:
        found = conn.execute(sa.select(s.county)).first()
        if found is None:
            conn.execute(s.county.insert().values(code=code, name=name, created_at=stamp(moment)))
        elif found.code != code:
            raise SetupError("other_county", f"this database belongs to county {found.code}")
        elif name and found.name != name:
            conn.execute(s.county.update().values(name=name))
        _writer_lock(conn)
        county_place = PlaceRow(code, name, "county", None)
        for row in [county_place, *[p for p in places if p.code != code]]:
            level, parent = _place_level(row.code, code)
            values = {
                "name": row.name,
                "level": level,
                "parent_code": parent,
                "valid_from": row.valid_from,
                "valid_to": row.valid_to,
            }
            if conn.execute(sa.select(s.place.c.code).where(s.place.c.code == row.code)).first():
                conn.execute(s.place.update().where(s.place.c.code == row.code).values(values))
            else:
                conn.execute(s.place.insert().values(code=row.code, **values))
            area = village_of(row.code) if level in ("village", "grid") else row.code
            data = dict(s.SPECS["place"].defaults) | {"code": row.code, **values}
            if _server_write(conn, "place", s.place_record_id(row.code), area, data, moment):
                written += 1
    return written


def _server_write(
    conn: sa.Connection, tbl: str, row_id: str, area: str, data: dict[str, Any], moment: datetime
) -> bool:
    """Create or update a record as the server (init); False if nothing changed."""
    rec = s.record
    current = conn.execute(
        sa.select(rec).where(rec.c.tbl == tbl, rec.c.id == row_id).with_for_update()
    ).first()
    if current is not None and current.data == data and current.area_code == area:
        return False
    version = 1 if current is None else int(current.version) + 1
    fields = sorted(
        data if current is None else {k for k in data if current.data.get(k) != data[k]}
    )
    seq = _log(
        conn,
        tbl,
        row_id,
        version,
        area,
        current.area_code if current else "",
        "create" if current is None else "update",
        fields,
        SERVER_DEVICE,
        moment,
    )
    values = {
        "area_code": area,
        "version": version,
        "deleted": False,
        "data": data,
        "ukey": s.SPECS[tbl].ukey(data, False),
        "updated_by": SERVER_DEVICE,
        "updated_at": stamp(moment),
        "server_seq": seq,
    }
    if current is None:
        conn.execute(rec.insert().values(tbl=tbl, id=row_id, **values))
    else:
        conn.execute(rec.update().where(rec.c.tbl == tbl, rec.c.id == row_id).values(values))
    return True
