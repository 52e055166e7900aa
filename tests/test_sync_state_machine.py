"""One county server, three PCs, random work and random, broken syncs (issue #6, "Done when").

A hypothesis state machine drives three real SQLCipher stores of one village through the real
domain code (households registered, members edited, households removed, petitions registered,
corrected and advanced) while PC clocks run days off, and syncs them with the real server core
in every broken way a village office sees: a push whose reply never arrives, one batch and then
the cable is pulled, a pull page fetched and never applied, one page and no more. Every request
and reply passes through JSON the way the HTTP app sends it.

After a final sync of every PC:

- every PC holds exactly the server's live rows (its scope is the whole village);
- every edit the server acknowledged (``applied`` or ``merged``, and the fields of a
  ``conflict`` that did not conflict) is the final value of its field, unless a later
  acknowledged edit changed it or the row is deleted; every conflicting field is kept in a
  conflict record with the PC's value;
- a row whose delete was acknowledged stays deleted; no 户号, 身份证号 or 登记编号 is held by two
  live rows; nothing is left unsent in any outbox.

It runs on SQLite and, with GRIDAPP_TEST_PG_URL set, on PostgreSQL in a throw-away schema.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from fastapi.encoders import jsonable_encoder
from hypothesis import HealthCheck, event, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, rule, run_state_machine_as_test

from gridapp.models.errors import ValidationError
from gridapp.models.household import Household, Person
from gridapp.models.idnumber import make_id_number
from gridapp.models.petition import Petition, Petitioner
from gridapp.server import core
from gridapp.server import schema as s
from gridapp.server.schema import make_engine
from gridapp.store import conflicts as conflict_store
from gridapp.store.db import Store
from gridapp.store.households import HouseholdBundle, HouseholdRepository
from gridapp.store.migrations.m0001_core import SYNCED_TABLES
from gridapp.store.petitions import PetitionRepository
from gridapp.store.scope import WorkScope, save_scope
from gridapp.store.sync_state import (
    apply_pull_page,
    outbox_batch,
    pull_cursor,
    record_results,
)
from gridapp.sync.credentials import CredentialStore, DeviceCredentials
from tests.county_db import PG_URL, pg_engine

COUNTY = "360423"
TOWN = "360423100"
VILLAGE = "360423100200"
GRID = "360423100200-01"
TODAY = date(2026, 11, 20)
DAY_MS = 86_400_000

# Columns that are local bookkeeping or derived on each side (docs/sync-protocol.md §2).
LOCAL = {"pending", "updated_hlc", "created_at", "updated_at", "version", "deleted"}
DERIVED = {
    ("household", "head_name"),
    ("household", "member_count"),
    ("person_tag", "household_id"),
}
PARENTS = {
    ("person", "household_id"): "household",
    ("person_tag", "person_id"): "person",
    ("household_event", "household_id"): "household",
    ("petition_petitioner", "petition_id"): "petition",
    ("petition_progress", "petition_id"): "petition",
}
UNIQUE = {"household": "household_no", "person": "id_number", "petition": "reg_no"}

SURNAMES = "王李张刘陈杨黄赵"
GIVEN = ("伟", "芳", "娜", "敏", "静", "强", "磊", "洋")
PHONES = tuple(f"1390792{n:04d}" for n in range(6))
JOBS = ("务农", "教师", "个体", "务工")
SUMMARIES = ("宅基地边界纠纷", "道路积水", "低保申请咨询", "噪声扰民")


def wire(value: Any) -> Any:
    """What the HTTP app would send: JSON-encoded and decoded again."""
    return json.loads(json.dumps(jsonable_encoder(value), ensure_ascii=False))


def blank(value: Any) -> bool:
    return value is None or value == ""


def norm(tbl: str, data: dict[str, Any]) -> dict[str, Any]:
    """A row's synced data: no local or derived columns; empty text and NULL are one."""
    return {
        k: v
        for k, v in data.items()
        if k not in LOCAL and k != "id" and (tbl, k) not in DERIVED and not blank(v)
    }


@dataclass
class PC:
    name: str
    store: Store
    device_id: str
    offset_ms: int = 0

    def attempt(self, action: Callable[[], object]) -> None:
        """Do one user action; one the rules refuse must change nothing."""
        before = self.store.query("SELECT count(*) AS n FROM outbox")
        try:
            action()
        except ValidationError:
            assert self.store.query("SELECT count(*) AS n FROM outbox") == before

    def live(self, tbl: str) -> list[dict[str, Any]]:
        return self.store.query(f"SELECT * FROM {tbl} WHERE deleted = 0 ORDER BY id")


@dataclass
class Ledger:
    """What the server answered, in the order it applied things (first answer per entry)."""

    seen: set[tuple[str, int]] = field(default_factory=set)
    # (tbl, id, field) -> value of the last acknowledged write
    last: dict[tuple[str, str, str], Any] = field(default_factory=dict)
    deleted: set[tuple[str, str]] = field(default_factory=set)
    conflicting: list[tuple[str, str, str, Any]] = field(default_factory=list)

    def take(self, device_id: str, batch: list[dict[str, Any]], reply: dict[str, Any]) -> None:
        sent = {m["device_seq"]: m for m in batch}
        for result in reply["results"]:
            key = (device_id, result["device_seq"])
            status = result["status"]
            if key in self.seen or status == "held":
                continue
            self.seen.add(key)
            m = sent.get(result["device_seq"])
            if m is None:
                continue  # a held entry of an earlier batch, applied now
            self._apply(m, status, result)

    def _apply(self, m: dict[str, Any], status: str, result: dict[str, Any]) -> None:
        tbl, row_id, op = m["tbl"], m["id"], m["op"]
        if status not in ("applied", "merged", "conflict"):
            return
        if op == "delete":
            if status == "applied":
                self.deleted.add((tbl, row_id))
            return
        values = (
            dict(m["changes"]) if op == "create" else {f: c["new"] for f, c in m["changes"].items()}
        )
        held_back: set[str] = set()
        if status == "conflict":
            conflict = result.get("conflict") or {}
            kind = conflict.get("kind", "field")
            if kind != "field":
                return  # a duplicate or an update of a deleted row: nothing was written
            held_back = set(conflict.get("fields") or ())
            for f in held_back:
                self.conflicting.append((tbl, row_id, f, values.get(f)))
        for f, v in values.items():
            if f not in held_back:
                self.last[(tbl, row_id, f)] = v


class SyncMachine(RuleBasedStateMachine):
    """Three PCs of one village and one county server (see the module's docstring)."""

    make_engine: Callable[[Path], Iterator[sa.Engine]]

    def __init__(self) -> None:
        super().__init__()
        self.dir = Path(tempfile.mkdtemp(prefix="gridapp-sm-"))
        self._engines = self.make_engine(self.dir)
        self.engine = next(self._engines)
        core.init(
            self.engine,
            COUNTY,
            "武宁县",
            [
                core.PlaceRow(TOWN, "宋溪镇", "township", COUNTY),
                core.PlaceRow(VILLAGE, "石泉村", "village", TOWN),
            ],
        )
        self.pcs: list[PC] = []
        for n in range(3):
            store = Store.open(self.dir / f"pc{n}", create=True)
            code = core.create_enrolment(self.engine, [VILLAGE], "worker")
            cred = core.enroll(self.engine, code, store.device_id, f"PC{n}")
            with store.transaction():
                store.set_meta("device_prefix", cred.prefix.upper())
            save_scope(store, WorkScope(VILLAGE, "石泉村", GRID, "第一网格", "宋溪镇"))
            CredentialStore(store.data_dir).save(
                DeviceCredentials(
                    cred.device_id, cred.device_secret, "http://county", (VILLAGE,), "worker"
                )
            )
            self.pcs.append(PC(f"pc{n}", store, cred.device_id))
        self.ledger = Ledger()
        self.dropped = 0
        # A shared start: PC 0 registered part of the village and every PC has synced it,
        # so the work below edits the same households and petitions on several PCs.
        for slot in (6, 7, 8):
            self.register_household(0, slot, (slot % 8, (slot + 3) % 8, slot % 5))
        self.register_petition(0, SUMMARIES[0])
        for p in self.pcs:
            self.sync(p)

    def teardown(self) -> None:
        try:
            self.final_checks()
        finally:
            for pc in self.pcs:
                pc.store.close()
            self.engine.dispose()
            with contextlib.suppress(StopIteration):
                next(self._engines)
            shutil.rmtree(self.dir, ignore_errors=True)

    # --- the work of the grid workers -----------------------------------------------

    @rule(pc=st.integers(0, 2), slot=st.integers(0, 8), names=st.tuples(*[st.integers(0, 7)] * 3))
    def register_household(self, pc: int, slot: int, names: tuple[int, int, int]) -> None:
        """The same slot on two PCs is the same family registered twice offline."""
        p = self.pcs[pc]
        head_birth, wife_birth = date(1960 + slot, 3, 1 + slot), date(1962 + slot, 5, 2 + slot)
        household = Household(
            id=str(uuid.uuid4()),
            household_no=f"36010{slot:04d}",
            address=f"石泉村{slot + 1}组{names[2] + 1}号",
            area_code=VILLAGE,
            grid_code=GRID,
        )
        surname = SURNAMES[names[0]]
        members = [
            Person(
                id=str(uuid.uuid4()),
                household_id=None,
                id_number=make_id_number(COUNTY, head_birth, 2 * slot + 1),
                name=surname + GIVEN[names[1]],
                relation="02",
                area_code=VILLAGE,
                grid_code=GRID,
            ),
            Person(
                id=str(uuid.uuid4()),
                household_id=None,
                id_number=make_id_number(COUNTY, wife_birth, 2 * slot + 2),
                name=SURNAMES[(names[0] + 1) % 8] + GIVEN[names[2]],
                relation="10",
                area_code=VILLAGE,
                grid_code=GRID,
            ),
        ]
        # Refused when this PC already holds the number.
        p.attempt(
            lambda: HouseholdRepository(p.store).create_household(
                HouseholdBundle(household, members, []), today=TODAY
            )
        )

    @rule(
        pc=st.integers(0, 2),
        pick=st.integers(0, 50),
        change=st.one_of(
            st.tuples(st.just("phone"), st.sampled_from(PHONES)),
            st.tuples(st.just("occupation"), st.sampled_from(JOBS)),
            st.tuples(st.just("workplace"), st.sampled_from(("村小学", "县医院", ""))),
            st.tuples(st.just("name"), st.sampled_from(("王伟", "李娜", "张敏"))),
        ),
    )
    def edit_person(self, pc: int, pick: int, change: tuple[str, str]) -> None:
        p = self.pcs[pc]
        people = p.live("person")
        if not people:
            return
        person = people[pick % len(people)]
        HouseholdRepository(p.store).update_person(person["id"], {change[0]: change[1]}, TODAY)

    @rule(pc=st.integers(0, 2), pick=st.integers(0, 50))
    def remove_household(self, pc: int, pick: int) -> None:
        """A household registered by mistake is removed with its members (tombstones)."""
        p = self.pcs[pc]
        households = p.live("household")
        if not households:
            return
        h = households[pick % len(households)]
        members = p.store.query(
            "SELECT id, version, area_code FROM person WHERE household_id = ? AND deleted = 0",
            (h["id"],),
        )
        with p.store.write("remove household", table="household", row_id=h["id"]) as capture:
            for row, tbl in [(m, "person") for m in members] + [(h, "household")]:
                p.store.conn.execute(
                    f"UPDATE {tbl} SET deleted = 1, pending = 1, updated_hlc = ? WHERE id = ?",
                    (capture.hlc, row["id"]),
                )
                capture.deleted(tbl, row["id"], row["version"], row["area_code"])

    @rule(pc=st.integers(0, 2), summary=st.sampled_from(SUMMARIES))
    def register_petition(self, pc: int, summary: str) -> None:
        p = self.pcs[pc]
        petition = Petition(
            id=str(uuid.uuid4()),
            reg_no="",
            reg_date=date(2026, 11, 18),
            channel="visit",
            kind="claim",
            summary=summary,
            content="请求村委会协调处理。",
        )
        petitioner = Petitioner(id=str(uuid.uuid4()), petition_id="", name="赵六")
        PetitionRepository(p.store).register(petition, [petitioner], today=TODAY)

    @rule(
        pc=st.integers(0, 2),
        pick=st.integers(0, 50),
        step=st.sampled_from(
            (
                ("accept", {"method": "书面"}),
                ("handle", {"handler": "王书记"}),
                ("reply", {"decision": "支持", "text": "已协调", "method": "当面"}),
            )
        ),
    )
    def advance_petition(self, pc: int, pick: int, step: tuple[str, dict[str, str]]) -> None:
        p = self.pcs[pc]
        petitions = p.live("petition")
        if not petitions:
            return
        row = petitions[pick % len(petitions)]
        # Refused when the step is not allowed in the petition's state.
        p.attempt(
            lambda: PetitionRepository(p.store).advance(row["id"], step[0], dict(step[1]), on=TODAY)
        )

    @rule(pc=st.integers(0, 2), pick=st.integers(0, 50), summary=st.sampled_from(SUMMARIES))
    def correct_petition(self, pc: int, pick: int, summary: str) -> None:
        p = self.pcs[pc]
        petitions = p.live("petition")
        if not petitions:
            return
        row = petitions[pick % len(petitions)]
        # Refused for the same summary or a closed petition.
        p.attempt(
            lambda: PetitionRepository(p.store).correct(
                row["id"], {"summary": summary}, on=TODAY, reason="登记时录错"
            )
        )

    @rule(pc=st.integers(0, 2), pick=st.integers(0, 50), take_local=st.booleans())
    def resolve_conflict(self, pc: int, pick: int, take_local: bool) -> None:
        """A worker chooses for an open conflict on the 冲突 page: this PC's values (where
        a field conflict has them) or the county's."""
        p = self.pcs[pc]
        open_ones = conflict_store.open_conflicts(p.store)
        if not open_ones:
            return
        c = open_ones[pick % len(open_ones)]
        values = (
            {f: c.local_values[f] for f in c.fields if f in c.local_values}
            if take_local and c.kind == "field"
            else {}
        )
        p.attempt(lambda: conflict_store.resolve(p.store, c.conflict_id, values))

    @rule(pc=st.integers(0, 2), days=st.integers(-9, 9))
    def clock_drifts(self, pc: int, days: int) -> None:
        """The PC's clock is set days off (village PCs without time sync)."""
        p = self.pcs[pc]
        p.offset_ms = days * DAY_MS
        p.store.clock.wall = lambda off=days * 86_400: time.time() + off

    # --- syncing, whole and broken ------------------------------------------------------

    def _push(self, p: PC, limit: int, deliver: bool) -> bool:
        batch = wire(outbox_batch(p.store, limit=limit))
        if not batch:
            return False
        reply = wire(core.push(self.engine, p.device_id, batch))
        self.ledger.take(p.device_id, batch, reply)
        if deliver:
            record_results(p.store, reply["results"])
        else:
            self.dropped += 1
        return not all(r["status"] == "held" for r in reply["results"])

    def _pull(self, p: PC, limit: int, apply: bool) -> bool:
        page = wire(core.pull(self.engine, p.device_id, pull_cursor(p.store), limit=limit))
        if apply:
            apply_pull_page(p.store, page)
        return bool(page["has_more"])

    def sync(self, p: PC) -> None:
        for _ in range(1000):
            if not self._push(p, 50, True):
                break
        for _ in range(1000):
            if not self._pull(p, 50, True):
                break

    @rule(pc=st.integers(0, 2))
    def full_sync(self, pc: int) -> None:
        self.sync(self.pcs[pc])

    @rule(pc=st.integers(0, 2), limit=st.integers(1, 4), deliver=st.booleans())
    def push_one_batch(self, pc: int, limit: int, deliver: bool) -> None:
        """One batch, then the cable is pulled — before or after the reply arrives."""
        self._push(self.pcs[pc], limit, deliver)

    @rule(pc=st.integers(0, 2), limit=st.integers(1, 4), apply=st.booleans())
    def pull_one_page(self, pc: int, limit: int, apply: bool) -> None:
        """A session (push first, as every session does) that gets one page of the pull,
        then the cable is pulled — before or after the page is written."""
        p = self.pcs[pc]
        for _ in range(1000):
            if not self._push(p, 50, True):
                break
        self._pull(p, limit, apply)

    # --- the end ----------------------------------------------------------------------

    def server_rows(self) -> dict[str, dict[str, dict[str, Any]]]:
        rec = s.record
        out: dict[str, dict[str, dict[str, Any]]] = {tbl: {} for tbl in SYNCED_TABLES}
        with self.engine.connect() as conn:
            for r in conn.execute(sa.select(rec)):
                ancestor = r.tbl == "place" and r.area_code in (COUNTY, TOWN)
                if r.tbl in out and (r.area_code.startswith(VILLAGE) or ancestor):
                    out[r.tbl][r.id] = {
                        "deleted": bool(r.deleted),
                        "area_code": r.area_code,
                        "data": dict(r.data),
                    }
        return out

    def final_checks(self) -> None:
        for _ in range(3):
            for p in self.pcs:
                self.sync(p)
        server = self.server_rows()
        for p in self.pcs:
            waiting = p.store.query(
                "SELECT tbl, row_id, op, state, reason FROM outbox WHERE state != 'acked'"
                " AND state NOT IN ('conflict', 'rejected')"
            )
            assert waiting == [], f"{p.name} left entries unsent: {waiting}"
            for tbl in SYNCED_TABLES:
                mine = {r["id"]: norm(tbl, r) for r in p.live(tbl)}
                theirs = {
                    rid: norm(tbl, {**row["data"], "area_code": row["area_code"]})
                    for rid, row in server[tbl].items()
                    if not row["deleted"]
                }
                assert mine == theirs, f"{p.name} differs from the server in {tbl}"
        for tbl, key in UNIQUE.items():
            values = [row["data"].get(key) for row in server[tbl].values() if not row["deleted"]]
            values = [v for v in values if not blank(v)]
            assert len(values) == len(set(values)), f"two live {tbl} rows share a {key}"
        for (child, column), parent in PARENTS.items():
            for rid, row in server[child].items():
                ref = row["data"].get(column)
                if not row["deleted"] and not blank(ref):
                    assert ref in server[parent], f"live {child} {rid} names a missing {parent}"
                    if child not in ("household_event", "petition_progress"):  # not history
                        assert not server[parent][ref]["deleted"], (
                            f"live {child} {rid} names a deleted {parent}"
                        )
        for tbl, row_id in self.ledger.deleted:
            # (a refused create is acknowledged by a delete of a row the server never had)
            row = server[tbl].get(row_id)
            assert row is None or row["deleted"], f"deleted {tbl} {row_id} came back"
        for (tbl, row_id, f), value in self.ledger.last.items():
            row = server[tbl].get(row_id)
            assert row is not None, f"acknowledged {tbl} {row_id} is not on the server"
            if row["deleted"]:
                continue
            final = {**row["data"], "area_code": row["area_code"], "id": row_id}.get(f)
            assert (blank(final) and blank(value)) or final == value, (
                f"acknowledged {tbl}.{f} = {value!r} of {row_id} was lost (now {final!r})"
            )
        on_server = {c["conflict_id"]: c["status"] for c in core.conflicts(self.engine, None)}
        for p in self.pcs:
            for c in conflict_store.all_conflicts(p.store):
                assert c.status != "resolving", f"{p.name}: a choice never reached the server"
                assert on_server.get(c.conflict_id) == c.status, f"{p.name}: conflict differs"
        kept = self.server_conflicts()
        kinds = sorted({c["kind"] for c in core.conflicts(self.engine, status=None)})
        event(f"conflict kinds: {kinds}")
        event(f"acknowledged deletes: {min(len(self.ledger.deleted), 3)}+")
        event(f"dropped replies: {min(self.dropped, 3)}+")
        for tbl, row_id, f, value in self.ledger.conflicting:
            assert (tbl, row_id, f, json.dumps(value)) in kept, (
                f"the conflicting {tbl}.{f} = {value!r} of {row_id} is in no conflict record"
            )

    def server_conflicts(self) -> set[tuple[str, str, str, str]]:
        out = set()
        for c in core.conflicts(self.engine, status=None):
            local = c.get("local_values") or {}
            for f in c.get("fields") or ():
                out.add((c["tbl"], c["id"], f, json.dumps(local.get(f))))
        return out


def _sqlite(directory: Path) -> Iterator[sa.Engine]:
    yield make_engine(f"sqlite:///{directory / 'county.db'}")


def _postgres(directory: Path) -> Iterator[sa.Engine]:
    return pg_engine()


MACHINE_SETTINGS = settings(
    max_examples=int(os.environ.get("GRIDAPP_SM_EXAMPLES", "30")),
    stateful_step_count=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)


def test_three_pcs_converge_on_sqlite() -> None:
    machine = type("SQLiteSync", (SyncMachine,), {"make_engine": staticmethod(_sqlite)})
    run_state_machine_as_test(machine, settings=MACHINE_SETTINGS)


@pytest.mark.postgres
def test_three_pcs_converge_on_postgres() -> None:
    if not PG_URL:
        pytest.skip("PostgreSQL tests need GRIDAPP_TEST_PG_URL")
    machine = type("PostgresSync", (SyncMachine,), {"make_engine": staticmethod(_postgres)})
    run_state_machine_as_test(machine, settings=MACHINE_SETTINGS)
