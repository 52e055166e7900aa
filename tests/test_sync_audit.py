"""The PCs' audit chains over sync (docs/sync-protocol.md §9): a real SQLCipher PC pushes its
hash-chained audit log after the rows; the county server (SQLite, and PostgreSQL when
GRIDAPP_TEST_PG_URL is set) checks every hash and link with the PC's own function, keeps a
replayed batch once, refuses a broken chain whole and never loses what it stored."""

# ruff: noqa: F811 -- the fixtures come from tests.test_sync_blobs
from __future__ import annotations

import contextlib
import copy
import json
from collections.abc import Callable
from typing import Any

import httpx
import pytest
import sqlalchemy as sa
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gridapp.models.audit_chain import GENESIS_HASH, entry_hash
from gridapp.server import audit, core
from gridapp.server.app import create_app
from gridapp.store.households import HouseholdRepository
from gridapp.store.sync_files import audit_batch, audit_pushed_seq, audit_waiting
from gridapp.sync.client import SyncError
from tests import factories
from tests.test_sync_blobs import PC, SyncASGI, county, pcs, transport  # noqa: F401

VILLAGE = factories.VILLAGE


def local_trail(pc: PC) -> list[tuple[int, str, str]]:
    return [
        (int(r["seq"]), r["prev_hash"], r["hash"])
        for r in pc.store.query("SELECT seq, prev_hash, hash FROM audit_log ORDER BY seq")
    ]


def server_trail(county: sa.Engine, pc: PC) -> list[tuple[int, str, str]]:
    return [(e["seq"], e["prev_hash"], e["hash"]) for e in audit.device_trail(county, pc.device_id)]


def edits(pc: PC, count: int) -> None:
    """``count`` user actions (each one audit entry): the Zhang family is registered, then
    its head's phone changes."""
    repo = HouseholdRepository(pc.store)
    heads = pc.store.query("SELECT id FROM person WHERE name = '张三丰'")
    for _ in range(count):
        if not heads:
            repo.create_household(factories.zhang_family())
            heads = pc.store.query("SELECT id FROM person WHERE name = '张三丰'")
            continue
        done = pc.store.conn.execute("SELECT count(*) FROM audit_log").fetchone()[0]
        repo.update_person(heads[0]["id"], {"phone": f"139{done:08d}"})


def test_the_audit_chain_goes_up_after_the_rows(
    county: sa.Engine, pcs: Callable[[str, str], PC], transport: SyncASGI
) -> None:
    pc = pcs("first", VILLAGE)
    edits(pc, 3)
    assert audit_waiting(pc.store) == len(local_trail(pc)) >= 3
    report = pc.sync(transport)
    assert report.audit_pushed == len(local_trail(pc)) and report.audit_error is None
    assert server_trail(county, pc) == local_trail(pc)
    assert audit_waiting(pc.store) == 0 and audit_pushed_seq(pc.store) == local_trail(pc)[-1][0]
    stored = audit.device_trail(county, pc.device_id)
    assert stored[0]["prev_hash"] == GENESIS_HASH and stored[0]["action"]
    # What the server keeps verifies with the PC's own function, detail as stored.
    for e in stored:
        assert e["hash"] == entry_hash(
            e["hlc"],
            e["client_wall"],
            e["user_id"],
            e["action"],
            e["tbl"],
            e["row_id"],
            json.loads(e["detail"]),
            e["prev_hash"],
        )
    # Nothing new: nothing sent; new edits: only they are sent, linked to the stored ones.
    assert pc.sync(transport).audit_pushed == 0
    edits(pc, 1)
    assert pc.sync(transport).audit_pushed == 1
    assert server_trail(county, pc) == local_trail(pc)
    assert pc.store.verify_audit() == []


def test_a_replayed_batch_changes_nothing(
    county: sa.Engine, pcs: Callable[[str, str], PC], transport: SyncASGI
) -> None:
    pc = pcs("first", VILLAGE)
    edits(pc, 2)
    batch = audit_batch(pc.store)
    with pc.http(transport) as client:
        first = client.post("/v1/audit", json={"entries": batch})
        assert first.status_code == 200
        assert first.json() == {"stored": len(batch), "last_seq": batch[-1]["seq"]}
        again = client.post("/v1/audit", json={"entries": batch})
        assert again.json() == {"stored": 0, "last_seq": batch[-1]["seq"]}
        # A replay overlapping new entries stores only the new ones.
        edits(pc, 1)
        overlap = audit_batch(pc.store)  # the PC's mark did not move: all of them
        assert len(overlap) == len(batch) + 1
        assert client.post("/v1/audit", json={"entries": overlap}).json()["stored"] == 1
    assert server_trail(county, pc) == local_trail(pc)
    # The sync round finds the server ahead of its mark: it sends the entries again and the
    # server stores none of them twice.
    assert pc.sync(transport).audit_pushed == 0
    assert server_trail(county, pc) == local_trail(pc)


def test_a_lost_answer_resends_the_batch_and_nothing_is_stored_twice(
    county: sa.Engine, pcs: Callable[[str, str], PC], transport: SyncASGI
) -> None:
    pc = pcs("first", VILLAGE)
    edits(pc, 2)
    transport.drop = lambda request: request.url.path == "/v1/audit"
    with pytest.raises(SyncError):
        pc.sync(transport)
    assert server_trail(county, pc) == local_trail(pc)  # stored, though the PC was not told
    assert audit_pushed_seq(pc.store) == 0
    transport.drop = lambda request: False
    report = pc.sync(transport)
    assert report.audit_pushed == 0 and report.audit_error is None
    assert audit_pushed_seq(pc.store) == local_trail(pc)[-1][0]
    assert server_trail(county, pc) == local_trail(pc)


def refused(client: httpx.Client, entries: list[dict[str, Any]]) -> Any:
    response = client.post("/v1/audit", json={"entries": entries})
    assert response.status_code == 422
    return response.json()


def test_a_broken_chain_is_refused_whole(
    county: sa.Engine, pcs: Callable[[str, str], PC], transport: SyncASGI
) -> None:
    pc = pcs("first", VILLAGE)
    edits(pc, 4)
    batch = audit_batch(pc.store)
    assert len(batch) >= 4
    with pc.http(transport) as client:
        # A detail changed after the fact: the entry's hash no longer holds.
        tampered = copy.deepcopy(batch)
        tampered[2]["detail"] = {"changed": {"household": 99}}
        assert refused(client, tampered) == {"error": "audit_chain_broken", "detail": 3}
        # An entry left out: the next one does not link to the one before.
        gap = batch[:1] + batch[2:]
        assert refused(client, gap) == {"error": "audit_chain_broken", "detail": 3}
        # An entry rewritten with a hash of its own that is right: it is taken only while no
        # entry of that number is stored; the real one is refused after it.
        forged = copy.deepcopy(batch[:2])
        forged[1]["action"] = "delete everything"
        forged[1]["hash"] = entry_hash(
            *(forged[1][k] for k in ("hlc", "client_wall", "user_id", "action", "tbl")),
            forged[1]["row_id"],
            forged[1]["detail"],
            forged[1]["prev_hash"],
        )
        assert client.post("/v1/audit", json={"entries": forged[:1]}).json()["stored"] == 1
        assert client.post("/v1/audit", json={"entries": forged[1:]}).json()["stored"] == 1
        assert refused(client, batch[1:3]) == {"error": "audit_chain_broken", "detail": 2}
        # Malformed requests: out of order, too many.
        disorder = client.post("/v1/audit", json={"entries": [batch[3], batch[2]]})
        assert disorder.status_code == 422
        too_many = client.post("/v1/audit", json={"entries": [batch[0]] * 501})
        assert too_many.status_code == 422
    # Nothing of a refused batch was stored: exactly entries 1 and the forged 2.
    assert [e[0] for e in server_trail(county, pc)] == [1, 2]


def test_a_refused_chain_does_not_stop_the_round(
    county: sa.Engine, pcs: Callable[[str, str], PC], transport: SyncASGI
) -> None:
    """A PC restored from an old backup writes new entries under numbers the server already
    holds: the server refuses the chain, the rest of the round goes on and says so."""
    pc, other = pcs("first", VILLAGE), pcs("second", VILLAGE)
    edits(pc, 1)
    mine = audit_batch(pc.store)
    forged = [
        {**e, "action": "restored elsewhere", "prev_hash": GENESIS_HASH}
        for e in copy.deepcopy(mine[:1])
    ]
    forged[0]["hash"] = entry_hash(
        forged[0]["hlc"],
        forged[0]["client_wall"],
        forged[0]["user_id"],
        forged[0]["action"],
        forged[0]["tbl"],
        forged[0]["row_id"],
        forged[0]["detail"],
        GENESIS_HASH,
    )
    assert audit.push_audit(county, pc.device_id, forged)["stored"] == 1
    report = pc.sync(transport)
    assert report.audit_error == "1" and report.audit_pushed == 0
    assert report.applied > 0  # the rows went up all the same
    assert other.sync(transport).pulled > 0
    assert audit_pushed_seq(pc.store) == 0  # retried every round, never skipped


def test_the_core_checks_links_across_batches(county: sa.Engine) -> None:
    """Core function, both databases: a device's chain continues across requests."""
    code = core.create_enrolment(county, [VILLAGE], "worker")
    device = core.enroll(county, code, "pc-audit").device_id
    entries = []
    prev = GENESIS_HASH
    for seq in range(1, 6):
        e = {
            "seq": seq,
            "hlc": f"h{seq}",
            "client_wall": "2026-12-01T08:00:00",
            "user_id": "张晓华",
            "action": "edit household",
            "tbl": "household",
            "row_id": f"r{seq}",
            "detail": {"changed": {"household": 1}, "名称": "测试"},
            "prev_hash": prev,
        }
        e["hash"] = entry_hash(
            e["hlc"],
            e["client_wall"],
            e["user_id"],
            e["action"],
            e["tbl"],
            e["row_id"],
            e["detail"],
            prev,
        )
        prev = e["hash"]
        entries.append(e)
    assert audit.push_audit(county, device, entries[:2]) == {"stored": 2, "last_seq": 2}
    with pytest.raises(audit.AuditChainError) as broken:
        audit.push_audit(county, device, entries[3:])
    assert broken.value.seq == 4
    assert audit.push_audit(county, device, entries[1:]) == {"stored": 3, "last_seq": 5}
    assert [e["seq"] for e in audit.device_trail(county, device)] == [1, 2, 3, 4, 5]
    assert audit.push_audit(county, device, []) == {"stored": 0, "last_seq": 5}


NASTY = st.sampled_from(["\x00", "a\x00b", "\ud800", "x\udfffy", "１２", ""])
texts = st.text(max_size=20) | NASTY
details = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**70), max_value=2**70)
    | st.floats(allow_nan=True, allow_infinity=True)
    | texts,
    lambda children: st.lists(children, max_size=3) | st.dictionaries(texts, children, max_size=3),
    max_leaves=8,
)
entries = st.fixed_dictionaries(
    {
        "seq": st.integers(min_value=-5, max_value=2**70) | st.sampled_from([1, 2, 3, 2**63]),
        "hlc": texts,
        "client_wall": texts,
        "action": texts,
        "prev_hash": texts | st.just(GENESIS_HASH),
        "hash": texts,
    },
    optional={"user_id": texts, "tbl": texts, "row_id": texts, "detail": details},
)


def test_random_audit_batches_never_get_a_5xx(
    county: sa.Engine, pcs: Callable[[str, str], PC], transport: SyncASGI
) -> None:
    """Whatever a device sends as audit entries — NUL, lone surrogates, huge numbers, NaN —
    the answer is a 200 or a 4xx, and what is stored still verifies."""
    pc = pcs("fuzz", VILLAGE)
    unlimited = SyncASGI(create_app(county, rate_limit=0))

    @settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(batch=st.lists(entries, max_size=4), rehash=st.booleans())
    def send(batch: list[dict[str, Any]], rehash: bool) -> None:
        if rehash:  # entries whose own hash is right, so the checks after it are reached
            for e in batch:
                with contextlib.suppress(UnicodeEncodeError, ValueError):
                    e["hash"] = entry_hash(
                        *(e.get(k, "") for k in ("hlc", "client_wall", "user_id", "action")),
                        e.get("tbl", ""),
                        e.get("row_id", ""),
                        e.get("detail", {}),
                        e["prev_hash"],
                    )
        body = json.dumps({"entries": batch}).encode()  # ASCII escapes carry the surrogates
        with pc.http(unlimited) as client:
            answer = client.post(
                "/v1/audit", content=body, headers={"Content-Type": "application/json"}
            )
        assert answer.status_code in (200, 422), answer.text

    send()
    for e in audit.device_trail(county, pc.device_id):
        assert e["hash"] == entry_hash(
            e["hlc"],
            e["client_wall"],
            e["user_id"],
            e["action"],
            e["tbl"],
            e["row_id"],
            json.loads(e["detail"]),
            e["prev_hash"],
        )
