"""The child process of the crash harness (:mod:`tests.crash_harness`): works on a real store
until it is killed, journaling every write the program confirmed.

``python -m tests.crash_worker --data DIR --journal FILE --seed N [--mode normal|lie|split]``
opens the store of ``DIR`` (key by ``GRIDAPP_PASSPHRASE``; the county credentials were saved
by the harness at enrolment), prints ``ready`` and then does a random mix of user actions
forever: households created and edited (HouseholdRepository, RegisterActions), petitions
registered and accepted, party activities, roster imports through :mod:`gridapp.io.roster`,
and sync rounds against the county server. Around each action it appends to the journal
(``O_APPEND``, ``fsync``): a ``begin`` line with what it is about to write, and — only
after the call returned, which is when the window would say "saved" — an ``ok`` line with
the same writes. A write is ``{"t": table, "id": row id | "key": [column, value], "v":
{column: value}}``.

The sabotage modes prove the harness can fail: ``lie`` journals an edit as confirmed whose
transaction it then rolls back (a program that says "saved" too early); ``split`` commits an
edit's row outside :meth:`Store.write` and writes its outbox and audit entries in a second
transaction later (a write path that bypasses change capture), so a kill between the two
leaves a row changed without its outbox entry.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from gridapp.io.roster import import_roster
from gridapp.models.errors import ValidationError
from gridapp.models.household import Household, Person
from gridapp.models.party import PartyActivity, PartyMember
from gridapp.models.petition import Petition, Petitioner
from gridapp.store.db import Store
from gridapp.store.households import HouseholdBundle, HouseholdRepository
from gridapp.store.party import PartyRepository
from gridapp.store.party_service import Participant, ServiceRepository
from gridapp.store.petitions import PetitionRepository
from gridapp.store.register_actions import RegisterActions
from gridapp.sync.client import SyncError, sync_once
from tests.fixtures.rosters import GRID, VILLAGE, idn, write_csv, write_xlsx

TODAY = date(2026, 11, 20)
SURNAMES = "赵钱孙李周吴郑王冯陈褚卫蒋沈韩杨"
GIVEN = "建国红梅小明丽华志强秀英海燕桂兰德福"

Write = dict[str, Any]


class Journal:
    """What the program confirmed, one JSON line per event, appended and synced to disk."""

    def __init__(self, path: Path) -> None:
        self.fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)

    def line(self, state: str, op: str, writes: list[Write], **extra: Any) -> None:
        record = {"s": state, "op": op, "w": writes, **extra}
        os.write(self.fd, (json.dumps(record, ensure_ascii=False) + "\n").encode("utf-8"))
        os.fsync(self.fd)


class Worker:
    """One round of random user actions on an open store (see the module docstring)."""

    def __init__(self, store: Store, journal: Journal, rng: random.Random, folder: Path) -> None:
        self.store = store
        self.journal = journal
        self.rng = rng
        self.folder = folder
        self.repo = HouseholdRepository(store)
        self.actions = RegisterActions(store, today=lambda: TODAY)
        self.petitions = PetitionRepository(store)
        self.service = ServiceRepository(store)
        self.party = PartyRepository(store)
        self.sequence = 0
        self.bag: list[Callable[[], None]] = []

    # --- choosing ----------------------------------------------------------------------

    def step(self) -> None:
        """The next action: drawn from a shuffled bag holding each kind as often as its
        weight (25 in all), so every kind comes up in each run of 25 from a round's start."""
        if not self.bag:
            self.bag = [op for weight, op in self.kinds() for _ in range(weight)]
            self.rng.shuffle(self.bag)
        self.bag.pop()()

    def kinds(self) -> list[tuple[int, Callable[[], None]]]:
        return [
            (4, self.create_household),
            (6, self.update_person),
            (3, self.update_household),
            (3, self.register_petition),
            (2, self.accept_petition),
            (2, self.party_activity),
            (2, self.import_roster),
            (3, self.sync),
        ]

    def confirmed(self, op: str, writes: list[Write], call: Callable[[], Any]) -> Any:
        """Journal the intent, make the call, journal the confirmation once it returned."""
        self.journal.line("begin", op, writes)
        try:
            result = call()
        except ValidationError:
            self.journal.line("refused", op, [])
            return None
        self.journal.line("ok", op, writes)
        return result

    def pick(self, sql: str) -> str | None:
        rows = self.store.conn.execute(sql + " ORDER BY random() LIMIT 1").fetchall()
        return str(rows[0][0]) if rows else None

    def name(self) -> str:
        return self.rng.choice(SURNAMES) + "".join(self.rng.sample(GIVEN, 2))

    def phone(self) -> str:
        return "139" + "".join(self.rng.choice("0123456789") for _ in range(8))

    def id_number(self) -> str:
        born = date(1940, 1, 1) + timedelta(days=self.rng.randrange(25_000))
        return idn(born.year, born.month, born.day, self.rng.randrange(1, 999))

    def uid(self) -> str:
        return f"{self.rng.getrandbits(128):032x}"

    # --- the actions -------------------------------------------------------------------

    def create_household(self) -> None:
        number = f"C{self.rng.randrange(10**8):08d}"
        address = f"石泉村{self.rng.randrange(1, 9)}组{self.rng.randrange(1, 99)}号"
        household = Household(self.uid(), number, address, area_code=VILLAGE, grid_code=GRID)
        members = [
            Person(
                id=self.uid(),
                household_id=None,
                id_number=self.id_number(),
                name=self.name(),
                relation="02" if i == 0 else "20",
                phone=self.phone(),
                area_code=VILLAGE,
                grid_code=GRID,
            )
            for i in range(self.rng.randrange(1, 4))
        ]
        writes: list[Write] = [
            {
                "t": "household",
                "id": household.id,
                "v": {"household_no": number, "address": address},
            }
        ]
        writes += [
            {"t": "person", "id": p.id, "v": {"name": p.name, "phone": p.phone}} for p in members
        ]
        bundle = HouseholdBundle(household, members, [])
        self.confirmed("create household", writes, lambda: self.repo.create_household(bundle))

    def update_person(self) -> None:
        person = self.pick("SELECT id FROM person WHERE deleted = 0")
        if person is None:
            return self.create_household()
        values = {"phone": self.phone(), "note": f"走访{self.rng.randrange(10**6)}"}
        writes: list[Write] = [{"t": "person", "id": person, "v": values}]
        self.confirmed("update person", writes, lambda: self.repo.update_person(person, values))

    def update_household(self) -> None:
        household = self.pick("SELECT id FROM household WHERE deleted = 0")
        if household is None:
            return self.create_household()
        values = {"address": f"石泉村{self.rng.randrange(1, 9)}组{self.rng.randrange(100)}号"}
        writes: list[Write] = [{"t": "household", "id": household, "v": values}]
        self.confirmed(
            "update household",
            writes,
            lambda: self.actions.update_household(household, values),
        )

    def register_petition(self) -> None:
        petition = Petition(
            id=self.uid(),
            reg_no="",
            reg_date=TODAY - timedelta(days=self.rng.randrange(30)),
            channel="visit",
            kind="claim",
            summary=f"宅基地边界纠纷{self.rng.randrange(1000)}",
            content="与邻居因宅基地边界发生纠纷，请求村委会调解。",
        )
        who = Petitioner(id=self.uid(), petition_id="", name=self.name(), phone=self.phone())
        values = {"summary": petition.summary, "reg_date": petition.reg_date.isoformat()}
        writes: list[Write] = [
            {"t": "petition", "id": petition.id, "v": values},
            {"t": "petition_petitioner", "id": who.id, "v": {"name": who.name}},
        ]
        self.confirmed(
            "register petition",
            writes,
            lambda: self.petitions.register(petition, [who], today=TODAY),
        )

    def accept_petition(self) -> None:
        found = self.pick("SELECT id FROM petition WHERE status = 'registered' AND deleted = 0")
        if found is None:
            return self.register_petition()
        petition = self.petitions.get(found)
        on = max(petition.reg_date, TODAY - timedelta(days=1))
        writes: list[Write] = [{"t": "petition", "id": found, "v": {"status": "accepted"}}]
        self.confirmed(
            "accept petition",
            writes,
            lambda: self.petitions.advance(found, "accept", {"method": "written"}, on=on),
        )

    def party_member(self) -> str:
        """A reported party member to take part in activities (made once per store)."""
        found = self.pick("SELECT member_id FROM party_report WHERE status = 'active'")
        if found is not None:
            return found
        member = PartyMember(
            self.uid(),
            idn(1965, 3, 1, self.rng.randrange(1, 999)),
            self.name(),
            work_unit="县财政局",
            party_org="县财政局机关党支部",
            joined_date=date(2001, 7, 1),
            area_code=VILLAGE,
        )
        saved = self.party.add_member(member, today=TODAY)
        self.party.report(saved.id, date(2026, 1, 5), today=TODAY)
        return saved.id

    def party_activity(self) -> None:
        member = self.party_member()
        day = TODAY - timedelta(days=self.rng.randrange(1, 60))
        theme = f"清理楼道杂物{self.rng.randrange(1000)}"
        activity = PartyActivity(self.uid(), theme, day, place="村委会", area_code=VILLAGE)
        values = {"theme": theme, "activity_date": day.isoformat()}
        writes: list[Write] = [{"t": "party_activity", "id": activity.id, "v": values}]
        self.confirmed(
            "party activity",
            writes,
            lambda: self.service.add_activity(activity, [Participant(member, 2)], today=TODAY),
        )

    def import_roster(self, households: int = 0) -> None:
        """A roster of ``households`` households (0: 2 to 5) imported as one action."""
        rows: list[dict[str, Any]] = []
        writes: list[Write] = []
        for _ in range(households or self.rng.randrange(2, 6)):
            number = f"R{self.rng.randrange(10**8):08d}"
            address = f"石泉村{self.rng.randrange(1, 9)}组{self.rng.randrange(100, 200)}号"
            writes.append(
                {"t": "household", "key": ["household_no", number], "v": {"address": address}}
            )
            for i in range(self.rng.randrange(1, 4)):
                row = {
                    "户号": number,
                    "姓名": self.name(),
                    "公民身份号码": self.id_number(),
                    "与户主关系": "户主" if i == 0 else "子",
                    "地址": address,
                    "网格": GRID,
                    "联系电话": self.phone(),
                }
                rows.append(row)
                writes.append(
                    {
                        "t": "person",
                        "key": ["id_number", row["公民身份号码"]],
                        "v": {"name": row["姓名"], "phone": row["联系电话"]},
                    }
                )
        self.sequence += 1
        # What a village office has: a CSV export, or the spreadsheet as Excel saves it.
        name = self.folder / f"roster-{os.getpid()}-{self.sequence}"
        if self.rng.random() < 0.5:
            path = write_csv(name.with_suffix(".csv"), rows)
        else:
            path = write_xlsx(name.with_suffix(".xlsx"), rows)

        def run() -> None:
            report = import_roster(self.store, path, today=TODAY)
            if not report.ok:  # a random ID number met one already registered
                raise ValidationError([])

        self.confirmed("import roster", writes, run)

    def sync(self) -> None:
        self.journal.line("begin", "sync", [])
        try:
            report = sync_once(self.store)
        except SyncError as exc:
            self.journal.line("failed", "sync", [], error=type(exc).__name__)
            return
        self.journal.line("ok", "sync", [], cursor=report.cursor, pushed=report.pushed)

    # --- sabotage ----------------------------------------------------------------------

    def lie(self) -> None:
        """Say "saved" for an edit whose transaction is then rolled back."""
        person = self.pick("SELECT id FROM person WHERE deleted = 0")
        if person is None:
            return self.create_household()
        values = {"phone": self.phone()}
        self.journal.line("ok", "update person", [{"t": "person", "id": person, "v": values}])
        try:
            with self.store.write("update person"):
                self.store.conn.execute(
                    "UPDATE person SET phone = ? WHERE id = ?", (values["phone"], person)
                )
                raise _Rollback
        except _Rollback:
            pass

    def split(self) -> None:
        """Commit the row, confirm it, and only later write its outbox and audit entries."""
        person = self.pick("SELECT id FROM person WHERE deleted = 0")
        if person is None:
            return self.create_household()
        current = self.repo.get_person(person)
        phone = self.phone()
        self.store.conn.execute(
            "UPDATE person SET phone = ?, pending = 1 WHERE id = ?", (phone, person)
        )
        self.journal.line(
            "ok", "update person", [{"t": "person", "id": person, "v": {"phone": phone}}]
        )
        time.sleep(30)  # the second transaction comes too late: the kill lands before it
        with self.store.write("update person") as capture:
            capture.updated(
                "person",
                person,
                current.version,
                current.area_code,
                {"phone": (current.phone, phone)},
            )

    def unsafe(self) -> None:
        """An edit of every person in one transaction, on a connection without the settings
        ARCHITECTURE.md requires (see :func:`unsafe_settings`): a kill while it runs leaves
        pages written to the file with no journal to roll them back."""
        persons = self.store.conn.execute(
            "SELECT id, version, area_code, phone FROM person WHERE deleted = 0"
        ).fetchall()
        phones = [self.phone() for _ in persons]
        writes: list[Write] = [
            {"t": "person", "id": row[0], "v": {"phone": phone}}
            for row, phone in zip(persons, phones, strict=True)
        ]
        self.journal.line("begin", "update persons", writes)
        with self.store.write("update persons") as capture:
            for (row_id, version, area, old), phone in zip(persons, phones, strict=True):
                self.store.conn.execute(
                    "UPDATE person SET phone = ?, pending = 1 WHERE id = ?", (phone, row_id)
                )
                capture.updated("person", row_id, version, area, {"phone": (old, phone)})
        self.journal.line("ok", "update persons", writes)


UNSAFE_PERSONS = 400  # at least so many persons edited per unsafe transaction


def unsafe_settings(store: Store) -> None:
    """No rollback journal on disk, no syncing and a tiny page cache, so a long transaction
    writes its pages into the file before it commits (sabotage mode ``unsafe``)."""
    store.conn.execute("PRAGMA journal_mode = MEMORY").fetchall()
    store.conn.execute("PRAGMA synchronous = OFF")
    store.conn.execute("PRAGMA cache_size = 20")


class _Rollback(Exception):
    pass


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.crash_worker")
    parser.add_argument("--data", type=Path, required=True)
    parser.add_argument("--journal", type=Path, required=True)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--mode", choices=("normal", "lie", "split", "unsafe"), default="normal")
    parser.add_argument("--steps", type=int, default=0, help="stop after N actions (0: never)")
    args = parser.parse_args(argv)
    store = Store.open(args.data, check=False)
    worker = Worker(store, Journal(args.journal), random.Random(args.seed), args.data.parent)
    if args.mode != "normal":
        worker.create_household()  # someone to sabotage
    if args.mode == "unsafe":
        persons = store.conn.execute("SELECT count(*) FROM person").fetchone()[0]
        if persons < UNSAFE_PERSONS:
            worker.import_roster(UNSAFE_PERSONS // 2)  # safely, before the settings change
        unsafe_settings(store)
    print("ready", flush=True)
    step = {
        "normal": worker.step,
        "lie": worker.lie,
        "split": worker.split,
        "unsafe": worker.unsafe,
    }[args.mode]
    done = 0
    parent = os.getppid()
    while (not args.steps or done < args.steps) and os.getppid() == parent:
        step()
        done += 1
    store.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
