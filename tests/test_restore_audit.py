"""A restore on a PC that had already sent its audit chain to the county: the entries written
after the backup was made are carried over from the set-aside database, so the chain goes on
from the entry the county holds and the next sync's audit push is taken, not refused."""

# ruff: noqa: F811 -- the fixtures come from tests.test_sync_blobs
from __future__ import annotations

from collections.abc import Callable

import sqlalchemy as sa

from gridapp.store.restore import restore
from gridapp.store.sync_files import audit_pushed_seq, audit_waiting
from tests import factories
from tests.test_sync_audit import edits, local_trail, server_trail
from tests.test_sync_blobs import PC, SyncASGI, county, pcs, transport  # noqa: F401

VILLAGE = factories.VILLAGE


def test_after_a_restore_the_chain_goes_on_from_what_the_county_holds(
    county: sa.Engine, pcs: Callable[[str, str], PC], transport: SyncASGI
) -> None:
    pc = pcs("first", VILLAGE)
    edits(pc, 2)
    backup = pc.store.backup()
    edits(pc, 3)  # after the backup: only in the database that is set aside
    report = pc.sync(transport)
    assert report.audit_error is None and report.audit_pushed == len(local_trail(pc))
    before = local_trail(pc)
    data_dir, key = pc.store.data_dir, pc.store.key
    pc.store.close()

    result = restore(data_dir, key, backup, user_id="tester")
    restored = PC(result.store, pc.creds)
    try:
        trail = local_trail(restored)
        assert trail[: len(before)] == before  # every entry the county holds, unchanged
        assert len(trail) == len(before) + 1  # and the restore itself, chained on
        assert trail[-1][1] == before[-1][2]
        assert restored.store.verify_audit() == []
        assert (
            audit_pushed_seq(restored.store) == before[-1][0] and audit_waiting(restored.store) == 1
        )
        edits(restored, 1)
        report = restored.sync(transport)
        assert report.audit_error is None and report.audit_pushed == 2
        assert server_trail(county, restored) == local_trail(restored)
    finally:
        result.store.close()
