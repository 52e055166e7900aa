"""The PC's sync transport (gridapp/sync/client.py) against the county server's HTTP app:
two PCs enrol and meet through httpx's ASGI transport; a revoked PC is told so and keeps its
edits; one round through a real uvicorn on 127.0.0.1."""

from __future__ import annotations

import asyncio
import json
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import sqlalchemy as sa
import uvicorn

from gridapp.cli import main
from gridapp.server import core
from gridapp.server.app import create_app
from gridapp.server.schema import make_engine
from gridapp.store.db import Store
from gridapp.store.households import HouseholdRepository
from gridapp.store.sync_state import pending_count
from gridapp.sync.client import (
    VERSION_HEADER,
    EnrolmentRefusedError,
    RateLimitedError,
    ServerUnavailableError,
    SyncRevokedError,
    UpgradeRequiredError,
    enroll,
    probe,
    sync_once,
)
from gridapp.sync.credentials import CredentialStore
from tests import factories
from tests.conftest import PASSPHRASE
from tests.fakes import MemoryKeyring

COUNTY = "360423"
TOWN = "360423100"


class SyncASGI(httpx.BaseTransport):
    """httpx's ASGI transport for a synchronous client (one event loop per request)."""

    def __init__(self, app: object) -> None:
        self.inner = httpx.ASGITransport(app=app)  # type: ignore[arg-type]

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        async def go() -> httpx.Response:
            response = await self.inner.handle_async_request(request)
            content = await response.aread()
            return httpx.Response(response.status_code, headers=response.headers, content=content)

        return asyncio.run(go())


@pytest.fixture
def county(tmp_path: Path) -> Iterator[sa.Engine]:
    engine = make_engine(f"sqlite:///{tmp_path / 'county.db'}")
    core.init(
        engine,
        COUNTY,
        "武宁县",
        [
            core.PlaceRow(TOWN, "宋溪镇", "township", COUNTY),
            core.PlaceRow(factories.VILLAGE, "石泉村", "village", TOWN),
        ],
    )
    yield engine
    engine.dispose()


def pc(tmp_path: Path, name: str) -> tuple[Store, CredentialStore]:
    keyring = MemoryKeyring()
    store = Store.open(tmp_path / name, create=True, keyring_backend=keyring)
    return store, CredentialStore(tmp_path / name, keyring_backend=keyring)


def test_two_pcs_enrol_and_meet_over_http(county: sa.Engine, tmp_path: Path) -> None:
    transport = SyncASGI(create_app(county))
    (a, a_creds), (b, b_creds) = pc(tmp_path, "a"), pc(tmp_path, "b")
    with a, b:
        for store, creds in ((a, a_creds), (b, b_creds)):
            code = core.create_enrolment(county, [factories.VILLAGE], "worker")
            saved = enroll(store, "http://county", code, transport, creds)
            assert saved.scopes == (factories.VILLAGE,)
            assert creds.load().device_id == store.device_id
            [device] = [d for d in core.devices(county) if d["device_id"] == store.device_id]
            assert store.device_prefix() == device["prefix"].upper()

        HouseholdRepository(a).create_household(factories.zhang_family())
        first = sync_once(a, transport, a_creds)
        assert first.pushed > 0 and first.applied == first.pushed and first.rejected == 0
        assert pending_count(a) == 0
        pulled = sync_once(b, transport, b_creds)
        assert pulled.pushed == 0 and pulled.pulled > 0
        head = b.query("SELECT id FROM person WHERE name = '张三丰'")[0]["id"]

        # An edit on B reaches A.
        HouseholdRepository(b).update_person(head, {"phone": "13900000002"})
        assert sync_once(b, transport, b_creds).applied == 1
        sync_once(a, transport, a_creds)
        assert a.query("SELECT phone FROM person WHERE id = ?", (head,)) == [
            {"phone": "13900000002"}
        ]

        # A second round moves nothing.
        for store, creds in ((a, a_creds), (b, b_creds)):
            again = sync_once(store, transport, creds)
            assert (again.pushed, again.pulled, again.conflicts, again.rejected) == (0, 0, 0, 0)


def test_a_revoked_pc_is_told_and_keeps_its_edits(county: sa.Engine, tmp_path: Path) -> None:
    transport = SyncASGI(create_app(county))
    store, creds = pc(tmp_path, "a")
    with store:
        code = core.create_enrolment(county, [factories.VILLAGE], "worker")
        enroll(store, "http://county", code, transport, creds)
        core.revoke(county, store.device_id)
        HouseholdRepository(store).create_household(factories.zhang_family())
        waiting = pending_count(store)
        assert waiting > 0
        with pytest.raises(SyncRevokedError) as refused:
            sync_once(store, transport, creds)
        text = refused.value.text("zh_CN")
        assert "吊销" in text and "revoked" not in text  # the reason in words
        assert refused.value.reason == "revoked"
        assert pending_count(store) == waiting
        assert store.query("SELECT name FROM person WHERE name = '张三丰'") == [{"name": "张三丰"}]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_one_round_through_a_real_uvicorn(
    county: sa.Engine,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    port = free_port()
    server = uvicorn.Server(
        uvicorn.Config(create_app(county), host="127.0.0.1", port=port, log_level="warning")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    try:
        deadline = time.monotonic() + 20
        while not server.started:
            assert time.monotonic() < deadline, "uvicorn did not start"
            time.sleep(0.05)
        url = f"http://127.0.0.1:{port}"
        a, a_creds = pc(tmp_path, "a")
        with a:
            code = core.create_enrolment(county, [factories.VILLAGE], "worker")
            enroll(a, url, code, credentials=a_creds)
            HouseholdRepository(a).create_household(factories.zhang_family())
            assert sync_once(a, credentials=a_creds).rejected == 0

        # PC B through the commands (no keyring here: the passphrase protects both secrets).
        monkeypatch.setenv("GRIDAPP_PASSPHRASE", "correct horse battery")
        b_dir = str(tmp_path / "b")
        code = core.create_enrolment(county, [factories.VILLAGE], "worker")
        assert main(["--data-dir", b_dir, "enroll", "--server", url, "--code", code]) == 0
        assert "已在" in capsys.readouterr().out
        assert main(["--data-dir", b_dir, "sync", "--json"]) == 0
        report = json.loads(capsys.readouterr().out)
        assert report["ok"] and report["pulled"] > 0 and report["pushed"] == 0
        assert main(["--data-dir", b_dir, "sync"]) == 0
        assert "同步完成" in capsys.readouterr().out
        with Store.open(tmp_path / "b") as b:
            assert b.query("SELECT head_name FROM household") == [{"head_name": "张三丰"}]
    finally:
        server.should_exit = True
        thread.join(timeout=20)


def test_refusals_become_errors_the_window_can_act_on(county: sa.Engine, tmp_path: Path) -> None:
    """426 and 429 from the real app, a bad code and an unknown device in words; every
    request names the program's version; nothing local changes."""
    store, creds = pc(tmp_path, "a")
    with store:
        code = core.create_enrolment(county, [factories.VILLAGE], "worker")
        with pytest.raises(EnrolmentRefusedError) as bad_code:
            enroll(store, "http://county", "NOT-A-CODE", SyncASGI(create_app(county)), creds)
        assert (
            "注册码" in bad_code.value.text("zh_CN") and "invalid_code" not in bad_code.value.text()
        )
        enroll(store, "http://county", code, SyncASGI(create_app(county)), creds)
        HouseholdRepository(store).create_household(factories.zhang_family())
        waiting = pending_count(store)

        too_old = SyncASGI(create_app(county, min_app_version="999.0"))
        with pytest.raises(UpgradeRequiredError) as upgrade:
            sync_once(store, too_old, creds)
        assert "999.0" in upgrade.value.text("zh_CN") and "升级" in upgrade.value.text("zh_CN")

        busy = SyncASGI(create_app(county, rate_limit=1))
        sync_once_errors: list[BaseException] = []
        for _ in range(3):
            try:
                sync_once(store, busy, creds)
            except RateLimitedError as exc:
                sync_once_errors.append(exc)
                break
        [limited] = sync_once_errors
        assert isinstance(limited, RateLimitedError) and limited.retry_after >= 1
        assert limited.transient

        core.revoke(county, store.device_id)
        with pytest.raises(SyncRevokedError) as revoked:
            sync_once(store, SyncASGI(create_app(county)), creds)
        assert "吊销" in revoked.value.text("zh_CN")
        assert store.query("SELECT name FROM person WHERE name = '张三丰'")
        assert pending_count(store) <= waiting


def test_server_trouble_is_transient_and_the_version_travels(
    county: sa.Engine, tmp_path: Path
) -> None:
    store, creds = pc(tmp_path, "a")
    seen: list[str] = []

    def failing(request: httpx.Request) -> httpx.Response:
        seen.append(request.headers.get(VERSION_HEADER, ""))
        return httpx.Response(503, json={"error": "unavailable"})

    with store:
        code = core.create_enrolment(county, [factories.VILLAGE], "worker")
        enroll(store, "http://county", code, SyncASGI(create_app(county)), creds)
        with pytest.raises(ServerUnavailableError) as down:
            sync_once(store, httpx.MockTransport(failing), creds)
        assert down.value.transient and down.value.kind == "server"
        assert "503" in down.value.text("zh_CN")
        from gridapp import __version__

        assert seen == [__version__]

        # Nothing listens on this port: no connection, also transient; the probe says False.
        closed = f"http://127.0.0.1:{free_port()}"
        assert probe(closed) is False
        with pytest.raises(ServerUnavailableError) as refused:
            enroll(store, closed, "CODE")
        assert refused.value.kind == "connect" and "服务器" in refused.value.text("zh_CN")
        assert probe(creds.load(), SyncASGI(create_app(county))) is True


def test_a_batch_wholly_outside_the_scope_is_kept_as_refused_and_blocks_nothing(
    county: sa.Engine, tmp_path: Path
) -> None:
    """The server refuses such a push whole (403); the PC takes it as every mutation
    forbidden: kept, shown as 已移出本机范围, and later edits and the pull go on."""
    from gridapp.store.sync_state import REASON_OUT_OF_SCOPE, pull_cursor, settled_entries

    transport = SyncASGI(create_app(county))
    store, creds = pc(tmp_path, "a")
    outside = "360423100299"  # a village of the county outside this PC's scope
    with store:
        code = core.create_enrolment(county, [factories.VILLAGE], "worker")
        enroll(store, "http://county", code, transport, creds)
        elsewhere = factories.zhang_family("360000777")
        elsewhere.household.area_code = outside
        elsewhere.household.grid_code = ""
        for row in [*elsewhere.members, *elsewhere.person_tags]:
            row.area_code = outside
            if hasattr(row, "grid_code"):
                row.grid_code = ""
        HouseholdRepository(store).create_household(elsewhere)
        refused = sync_once(store, transport, creds)
        assert refused.rejected == refused.pushed > 0
        assert pending_count(store) == 0
        assert {e["reason"] for e in settled_entries(store, "rejected")} == {REASON_OUT_OF_SCOPE}
        assert pull_cursor(store) > 0  # the pull went on
        assert store.query("SELECT count(*) AS n FROM person WHERE area_code = ?", (outside,)) == [
            {"n": 3}
        ]  # the refused rows stay on this PC

        # Later edits of the village it serves still go up: the server recorded the refused
        # batch per record before its 403, so this PC's sequence has no gap there.
        HouseholdRepository(store).create_household(factories.zhang_family("360000778"))
        went = sync_once(store, transport, creds)
        assert went.held == 0
        assert went.pushed > 0 and went.applied == went.pushed


def test_a_wrong_passphrase_spends_no_enrolment_code(
    county: sa.Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without a secure keyring the device secret is kept under the database's passphrase:
    a wrong one is refused before the one-time code goes to the server, so the same code
    still enrols the PC once the right passphrase is given."""
    from gridapp.store.errors import WrongPassphraseError

    transport = SyncASGI(create_app(county))
    with Store.open(tmp_path / "a", create=True) as store:  # passphrase-protected key
        code = core.create_enrolment(county, [factories.VILLAGE], "worker")
        monkeypatch.setenv("GRIDAPP_PASSPHRASE", "not the passphrase")
        with pytest.raises(WrongPassphraseError):
            enroll(store, "http://county", code, transport, CredentialStore(store.data_dir))
        assert core.devices(county) == []
        monkeypatch.setenv("GRIDAPP_PASSPHRASE", PASSPHRASE)
        saved = enroll(store, "http://county", code, transport, CredentialStore(store.data_dir))
        assert saved.device_id == store.device_id
        assert [d["device_id"] for d in core.devices(county)] == [store.device_id]
