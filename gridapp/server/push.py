"""Push (``docs/sync-protocol.md`` §5.2): a batch of mutations applied in ONE transaction —
replays, held gaps, scope, validation, parents, field merge, HARD fields and conflicts.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa

from gridapp.server import schema as s
from gridapp.server.common import (
    HOLD_WINDOW,
    ForbiddenError,
    RequestError,
    _log,
    _write,
    _writer_lock,
    in_scope,
    printable,
    stamp,
    storable,
    storable_text,
    utcnow,
)
from gridapp.server.conflicts import record_conflict, resolve_conflict
from gridapp.server.devices import Device, _locked_device
from gridapp.server.mutations import (
    _check_batch,
    _clamp_hlc,
    _Mutation,
    _parse,
    _refuse_out_of_scope,
    _Rejected,
)
from gridapp.server.parents import has_live_children, missing_parents

# The per-mutation reads, built once with parameters: building and keying a statement for
# every mutation cost more than running it (bench/sync_bench.py).
_REC = s.record
_ROW = (
    sa.select(_REC)
    .where(_REC.c.tbl == sa.bindparam("tbl"), _REC.c.id == sa.bindparam("id"))
    .with_for_update()
)
_HOLDER = sa.select(_REC.c.id, _REC.c.data).where(
    _REC.c.tbl == sa.bindparam("tbl"),
    _REC.c.ukey == sa.bindparam("ukey"),
    _REC.c.id != sa.bindparam("id"),
)


class _Push:
    """One push batch inside its transaction."""

    def __init__(self, conn: sa.Connection, dev: Device, batch_id: str, moment: datetime) -> None:
        self.conn = conn
        self.dev = dev
        self.last = dev.last_device_seq
        self.batch_id = batch_id
        self.moment = moment
        self.now = stamp(moment)
        held = s.held_mutation
        # Whether this device has held mutations: most batches have none, and then no
        # mutation needs the held table read or cleaned (bench/sync_bench.py).
        self.holding = (
            conn.execute(
                sa.select(held.c.device_seq).where(held.c.device_id == dev.device_id).limit(1)
            ).first()
            is not None
        )

    # -- the batch loop --

    def one(self, m: dict[str, Any]) -> dict[str, Any]:
        seq = int(m["device_seq"])
        stored = self._stored(seq) if seq <= self.last else None  # only those have one
        if stored is not None:
            return stored
        if seq <= self.last:  # never happens: every seq up to last has a stored result
            return {"device_seq": seq, "status": "rejected", "reason": "seq_reused"}
        if seq > self.last + 1:
            # Kept when near enough and storable; the PC re-sends held ones anyway.
            if seq <= self.last + HOLD_WINDOW and storable(m):
                self._hold(seq, m)
            return {"device_seq": seq, "status": "held"}
        result = self._apply_and_record(m)
        self._drain_held()
        return result

    def _stored(self, seq: int) -> dict[str, Any] | None:
        am = s.applied_mutation
        found = self.conn.execute(
            sa.select(am.c.result).where(
                am.c.device_id == self.dev.device_id, am.c.device_seq == seq
            )
        ).scalar()
        return dict(found) if found is not None else None

    def _hold(self, seq: int, m: dict[str, Any]) -> None:
        held = s.held_mutation
        exists = self.conn.execute(
            sa.select(held.c.device_seq).where(
                held.c.device_id == self.dev.device_id, held.c.device_seq == seq
            )
        ).first()
        if exists is None:
            self.holding = True
            self.conn.execute(
                held.insert().values(
                    device_id=self.dev.device_id,
                    device_seq=seq,
                    mutation=m,
                    batch_id=self.batch_id,
                    received_at=self.now,
                )
            )

    def _drain_held(self) -> None:
        """Apply held mutations that now follow without a gap."""
        held = s.held_mutation
        while self.holding:
            key = (held.c.device_id == self.dev.device_id, held.c.device_seq == self.last + 1)
            m = self.conn.execute(sa.select(held.c.mutation).where(*key)).scalar()
            if m is None:
                return
            self.conn.execute(held.delete().where(*key))
            self._apply_and_record(dict(m))

    def _apply_and_record(self, m: dict[str, Any]) -> dict[str, Any]:
        seq = int(m["device_seq"])
        mutation: _Mutation | None = None
        try:
            mutation = _parse(m)
        except _Rejected as exc:
            result: dict[str, Any] = {"device_seq": seq, "status": "rejected", "reason": exc.reason}
            if exc.field:
                result["field"] = printable(exc.field, 64)
        else:
            result = self._apply(mutation)
            if mutation.resolves and result["status"] in ("applied", "merged"):
                self._resolve(mutation, result)
        held = s.held_mutation
        if self.holding:
            self.conn.execute(
                held.delete().where(
                    held.c.device_id == self.dev.device_id, held.c.device_seq == seq
                )
            )
        am = s.applied_mutation
        self.conn.execute(
            am.insert(),
            dict(
                device_id=self.dev.device_id,
                device_seq=seq,
                tbl=printable(str(m.get("tbl", "")), 64),
                id=printable(str(m.get("id", "")), 64),
                op=printable(str(m.get("op", "")), 16),
                status=result["status"],
                result=result,
                hlc=_clamp_hlc(mutation.hlc, self.moment) if mutation else "",
                client_wall=mutation.wall if mutation else "",
                user_id=mutation.user if mutation else "",
                batch_id=self.batch_id,
                received_at=self.now,
            ),
        )
        self.last = seq
        return result

    # -- one mutation --

    def _row(self, tbl: str, row_id: str) -> Any:
        return self.conn.execute(_ROW, {"tbl": tbl, "id": row_id}).first()

    def _apply(self, m: _Mutation) -> dict[str, Any]:
        scopes = self.dev.scopes
        row = self._row(m.tbl, m.id)
        if (
            not in_scope(m.area, scopes)
            or (row is not None and not in_scope(row.area_code, scopes))
            or (m.new_area is not None and not in_scope(m.new_area, scopes))
        ):
            return self._result(m, "forbidden")  # the PC shows 已移出本机范围 (§4)
        if m.op == "create" and row is None:
            return self._create(m)
        if row is None:
            if m.op == "delete" and m.resolves:  # a refused create, acknowledged (§6)
                return self._result(m, "applied", version=0)
            return self._result(m, "rejected", reason="unknown_record")
        base = 0 if m.op == "create" else m.base
        if base > int(row.version):
            return self._result(m, "rejected", reason="base_version_ahead")
        if m.op == "delete":
            return self._delete(m, row)
        return self._update(m, row, base)

    def _result(self, m: _Mutation, status: str, **extra: Any) -> dict[str, Any]:
        return {"device_seq": m.seq, "status": status, **extra}

    def _create(self, m: _Mutation) -> dict[str, Any]:
        spec = s.SPECS[m.tbl]
        data = dict(spec.defaults) | m.values
        area = m.new_area or m.area
        ukey = spec.ukey(data, False)
        other = self._holder(m.tbl, ukey, m.id)
        if other is not None:
            fields = list(spec.unique)
            conflict = self._conflict(
                m,
                "duplicate",
                None,
                fields,
                {f: data.get(f) for f in fields},
                {f: other.data.get(f) for f in fields},
                area=area,
                other_id=other.id,
            )
            return self._result(
                m, "conflict", conflict_id=conflict["conflict_id"], conflict=conflict
            )
        missing = self._missing_parents(m.tbl, data)
        if missing:
            fields = sorted(missing)
            conflict = self._conflict(
                m,
                "parent_missing",
                None,
                fields,
                {f: data.get(f) for f in fields},
                {},
                area=area,
                other_id=missing[fields[0]],
            )
            return self._result(
                m, "conflict", conflict_id=conflict["conflict_id"], conflict=conflict
            )
        seq = _log(
            self.conn,
            m.tbl,
            m.id,
            1,
            area,
            "",
            "create",
            sorted([*m.values, "area_code"]),
            self.dev.device_id,
            self.moment,
        )
        self.conn.execute(
            s.record.insert(),  # values as parameters: one cached statement for every row
            dict(
                tbl=m.tbl,
                id=m.id,
                area_code=area,
                version=1,
                deleted=False,
                data=data,
                ukey=ukey,
                updated_by=self.dev.device_id,
                updated_at=self.now,
                server_seq=seq,
            ),
        )
        return self._result(m, "applied", version=1)

    def _holder(self, tbl: str, ukey: str | None, row_id: str) -> Any:
        """Another live row holding the natural key ``ukey``."""
        if ukey is None:
            return None
        return self.conn.execute(_HOLDER, {"tbl": tbl, "ukey": ukey, "id": row_id}).first()

    def _missing_parents(self, tbl: str, values: dict[str, Any]) -> dict[str, str]:
        return missing_parents(self.conn, tbl, values)

    def _has_live_children(self, tbl: str, row_id: str) -> bool:
        return has_live_children(self.conn, tbl, row_id)

    def _others_fields(self, m: _Mutation, base: int) -> set[str] | None:
        """Fields other devices changed after ``base`` (None: nobody else changed the row
        since — later versions are this device's own earlier edits)."""
        log = s.change_log
        rows = self.conn.execute(
            sa.select(log.c.fields).where(
                log.c.tbl == m.tbl,
                log.c.id == m.id,
                log.c.version > base,
                log.c.op != "conflict",
                log.c.device_id != self.dev.device_id,
            )
        ).all()
        if not rows:
            return None
        return {f for (fields,) in rows for f in fields}

    def _update(self, m: _Mutation, row: Any, base: int) -> dict[str, Any]:
        spec = s.SPECS[m.tbl]
        wanted: dict[str, Any] = dict(m.values)
        if m.new_area is not None:
            wanted["area_code"] = m.new_area
        current = dict(row.data) | {"area_code": row.area_code}
        if row.deleted:
            conflict = self._conflict(
                m,
                "update_delete",
                row,
                sorted(wanted),
                wanted,
                {f: current.get(f) for f in wanted},
            )
            return self._result(
                m,
                "conflict",
                version=int(row.version),
                conflict_id=conflict["conflict_id"],
                conflict=conflict,
            )
        differing = {f for f, v in wanted.items() if current.get(f) != v}
        held: set[str] = set()
        status = "applied"
        if int(row.version) > base:
            theirs = self._others_fields(m, base)
            if theirs is not None:
                held = (differing & theirs) | (differing & spec.hard)
                status = "merged"
        kind = "field"
        missing = self._missing_parents(m.tbl, {f: wanted[f] for f in differing - held})
        if missing and not held:
            kind = "parent_missing"
        held |= set(missing)
        applied = {f: wanted[f] for f in differing - held}
        data = dict(row.data) | {f: v for f, v in applied.items() if f != "area_code"}
        ukey = spec.ukey(data, False)
        other = self._holder(m.tbl, ukey, m.id)
        if other is not None:  # the edit would take another row's natural key
            kind = "duplicate" if not held else kind
            for f in spec.unique:
                applied.pop(f, None)
                if f in differing:
                    held.add(f)
            data = dict(row.data) | {f: v for f, v in applied.items() if f != "area_code"}
            ukey = spec.ukey(data, False)
        version = int(row.version)
        if applied:
            version += 1
            area = str(applied.get("area_code", row.area_code))
            self._rewrite(
                m,
                version,
                row.area_code,
                "update",
                sorted(applied),
                area_code=area,
                data=data,
                ukey=ukey,
            )
        if not held:
            return self._result(m, status, version=version)
        conflict = self._conflict(
            m,
            kind,
            row,
            sorted(held),
            {f: wanted[f] for f in held},
            {f: current.get(f) for f in held},
            server_version=version,
            other_id=other.id if other is not None else next(iter(missing.values()), None),
        )
        return self._result(
            m, "conflict", version=version, conflict_id=conflict["conflict_id"], conflict=conflict
        )

    def _delete(self, m: _Mutation, row: Any) -> dict[str, Any]:
        version = int(row.version)
        if row.deleted:  # both wanted it gone: nothing to decide
            return self._result(m, "applied", version=version)
        if (
            version > m.base and self._others_fields(m, m.base) is not None
        ) or self._has_live_children(m.tbl, m.id):
            conflict = self._conflict(m, "delete_update", row, [], {"deleted": True}, {})
            return self._result(
                m,
                "conflict",
                version=version,
                conflict_id=conflict["conflict_id"],
                conflict=conflict,
            )
        version += 1
        self._rewrite(m, version, row.area_code, "delete", [], deleted=True, ukey=None)
        return self._result(m, "applied", version=version)

    def _rewrite(
        self,
        m: _Mutation,
        version: int,
        prev_area: str,
        op: str,
        fields: list[str],
        **values: Any,
    ) -> None:
        """Log a change of an existing record and write it at ``version`` (``values``: the
        record's columns that change; ``area_code`` stays unless given)."""
        area = str(values.get("area_code", prev_area))
        seq = _log(
            self.conn,
            m.tbl,
            m.id,
            version,
            area,
            prev_area,
            op,
            fields,
            self.dev.device_id,
            self.moment,
        )
        self.conn.execute(
            s.record.update()
            .where(s.record.c.tbl == m.tbl, s.record.c.id == m.id)
            .values(
                version=version,
                updated_by=self.dev.device_id,
                updated_at=self.now,
                server_seq=seq,
                **values,
            )
        )

    def _resolve(self, m: _Mutation, result: dict[str, Any]) -> None:
        """Mark the open conflict ``m.resolves`` of the same row resolved by this edit."""
        resolve_conflict(self.conn, self.dev.device_id, self.moment, m, result)

    def _conflict(
        self,
        m: _Mutation,
        kind: str,
        row: Any,
        fields: list[str],
        local: dict[str, Any],
        server: dict[str, Any],
        **extra: Any,
    ) -> dict[str, Any]:
        """Store a conflict for a person (:func:`conflicts.record_conflict`)."""
        return record_conflict(
            self.conn, self.dev.device_id, self.moment, m, kind, row, fields, local, server, **extra
        )


def push(
    engine: sa.Engine,
    device_id: str,
    mutations: list[dict[str, Any]],
    *,
    batch_id: str = "",
    now: datetime | None = None,
) -> dict[str, Any]:
    """Apply a batch of mutations in ONE transaction (``docs/sync-protocol.md`` §5.2).

    Returns ``{results: [{device_seq, status, version?, conflict_id?, conflict?, reason?,
    field?}], last_device_seq}``; status is applied, merged, conflict, rejected, forbidden
    or held. A replayed mutation returns its stored result and changes nothing."""
    _check_batch(mutations)
    if not isinstance(batch_id, str) or len(batch_id) > 200 or not storable_text(batch_id):
        raise RequestError("bad_batch", "batch_id is a text of at most 200 characters")
    moment = now or utcnow()
    with _write(engine) as conn:
        dev = _locked_device(conn, device_id)
        refused = _refuse_out_of_scope(conn, dev, mutations)
        _writer_lock(conn)
        batch = _Push(conn, dev, batch_id, moment)
        results = [batch.one(m) for m in mutations]
        conn.execute(
            s.device.update()
            .where(s.device.c.device_id == device_id)
            .values(last_device_seq=batch.last, last_seen_at=stamp(moment))
        )
    if refused:  # answered and recorded per record above (committed); the request is a 403
        raise ForbiddenError(
            "forbidden_scope", f"every mutation is outside the scope {','.join(dev.scopes)}"
        )
    return {"results": results, "last_device_seq": batch.last}
