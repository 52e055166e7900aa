"""Attachment bytes over sync (docs/sync-protocol.md §8): real SQLCipher PCs and the county
server's HTTP app through httpx's ASGI transport (SQLite, and PostgreSQL when
GRIDAPP_TEST_PG_URL is set). A file attached on one PC reaches the PCs of its village and no
other; the server checks the hash, keeps each file once, never hands a petition's files to the
PC of a person it accuses, and an upload whose answer was lost resumes with nothing twice."""

from __future__ import annotations

import asyncio
import hashlib
import json
import socket
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import httpx
import pytest
import sqlalchemy as sa
import uvicorn
from PySide6.QtGui import QImage

from gridapp.cli import main
from gridapp.models.petition import Petition, Petitioner
from gridapp.server import blobs, core, migrations
from gridapp.server import schema as s
from gridapp.server.app import create_app
from gridapp.server.cli import main as server_main
from gridapp.server.schema import make_engine
from gridapp.store.attachments import AttachmentStore
from gridapp.store.db import Store
from gridapp.store.households import HouseholdRepository
from gridapp.store.petitions import PetitionRepository
from gridapp.store.sync_files import set_missing_checked
from gridapp.store.sync_state import pending_count
from gridapp.sync.client import SyncError, enroll, sync_once
from gridapp.sync.credentials import CredentialStore
from gridapp.sync.transfer import MISSING_CHECK_INTERVAL
from gridapp.ui.petition_view import load_petition_view
from gridapp.ui.thumbnails import make_thumbnail
from tests import factories
from tests.county_db import pg_engine
from tests.fakes import MemoryKeyring
from tests.test_attachments import marker, png
from tests.test_ui_sync import WAIT, LiveServer, enrol_from_page, qtbot_left, sync_page
from tests.test_ui_sync import window as window

COUNTY = "360423"
TOWN = "360423100"
OTHER_VILLAGE = "360423100201"
TODAY = date(2026, 11, 20)


class SyncASGI(httpx.BaseTransport):
    """httpx's ASGI transport for a synchronous client; ``drop`` decides, per request,
    whether the answer is lost on the way back (the server has done the work)."""

    def __init__(self, app: object) -> None:
        self.inner = httpx.ASGITransport(app=app)  # type: ignore[arg-type]
        self.drop: Callable[[httpx.Request], bool] = lambda request: False

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        async def go() -> httpx.Response:
            response = await self.inner.handle_async_request(request)
            content = await response.aread()
            return httpx.Response(response.status_code, headers=response.headers, content=content)

        response = asyncio.run(go())
        if self.drop(request):
            raise httpx.ReadError("connection reset", request=request)
        return response


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def county(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[sa.Engine]:
    if request.param == "postgres":
        engines = pg_engine()
        engine = next(engines)
    else:
        engines = None
        engine = make_engine(f"sqlite:///{tmp_path / 'county.db'}")
    core.init(
        engine,
        COUNTY,
        "武宁县",
        [
            core.PlaceRow(TOWN, "宋溪镇", "township", COUNTY),
            core.PlaceRow(factories.VILLAGE, "石泉村", "village", TOWN),
            core.PlaceRow(OTHER_VILLAGE, "罗溪村", "village", TOWN),
        ],
    )
    yield engine
    if engines is None:
        engine.dispose()
    else:
        next(engines, None)


@dataclass
class PC:
    store: Store
    creds: CredentialStore

    @property
    def device_id(self) -> str:
        return self.store.device_id

    def sync(self, transport: httpx.BaseTransport) -> Any:
        return sync_once(self.store, transport, self.creds)

    def http(self, transport: httpx.BaseTransport) -> httpx.Client:
        """A client with this PC's credentials (what the sync client sends)."""
        return httpx.Client(
            base_url="http://county",
            transport=transport,
            headers={"Authorization": self.creds.load().authorization()},
        )


@pytest.fixture
def transport(county: sa.Engine) -> SyncASGI:
    return SyncASGI(create_app(county))


@pytest.fixture
def pcs(
    county: sa.Engine, transport: SyncASGI, tmp_path: Path
) -> Iterator[Callable[[str, str], PC]]:
    """Enrolled PCs of one scope each (a village)."""
    opened: list[Store] = []

    def make(name: str, scope: str) -> PC:
        keyring = MemoryKeyring()
        store = Store.open(tmp_path / name, create=True, keyring_backend=keyring)
        opened.append(store)
        creds = CredentialStore(tmp_path / name, keyring_backend=keyring)
        code = core.create_enrolment(county, [scope], "worker")
        enroll(store, "http://county", code, transport, creds)
        return PC(store, creds)

    yield make
    for store in opened:
        store.close()


def register(store: Store, **fields: Any) -> tuple[Petition, str]:
    """A household and a petition of its head (area: the village); returns the petition and
    the head's person id."""
    bundle = factories.zhang_family()
    HouseholdRepository(store).create_household(bundle, today=TODAY)
    head = bundle.members[0]
    values: dict[str, Any] = {
        "id": factories.uid(),
        "reg_no": "",
        "reg_date": date(2026, 11, 18),
        "channel": "visit",
        "kind": "claim",
        "summary": "宅基地边界纠纷",
        "content": "与邻居因宅基地边界发生纠纷，请求村委会调解。",
    }
    values.update(fields)
    petitioner = Petitioner(factories.uid(), "", "", person_id=head.id)
    saved = PetitionRepository(store).register(Petition(**values), [petitioner], today=TODAY)
    return saved, head.id


def attach(store: Store, petition_id: str, data: bytes, name: str = "现场照片.png") -> str:
    with AttachmentStore(store) as files:
        return files.attach_bytes(petition_id, data, name).sha256


def blob_rows(county: sa.Engine) -> list[tuple[str, int]]:
    with county.connect() as conn:
        return [
            (r.sha256, int(r.size))
            for r in conn.execute(sa.select(s.blob.c.sha256, s.blob.c.size).order_by("sha256"))
        ]


def test_an_attachment_reaches_the_pcs_of_its_village_and_no_other(
    county: sa.Engine, pcs: Callable[[str, str], PC], transport: SyncASGI, qapp: Any
) -> None:
    first, second = pcs("first", factories.VILLAGE), pcs("second", factories.VILLAGE)
    other = pcs("other", OTHER_VILLAGE)
    petition, _ = register(first.store)
    photo = png(marker(), padding=3 * 1024 * 1024)  # over the 2 MiB of every other request
    sha = attach(first.store, petition.id, photo)

    sent = first.sync(transport)
    assert (sent.blobs_up, sent.rejected, pending_count(first.store)) == (1, 0, 0)
    assert blob_rows(county) == [(sha, len(photo))]

    got = second.sync(transport)
    assert got.blobs_down == 1 and got.blobs_up == 0
    [row] = second.store.query("SELECT petition_id, sha256, filename FROM petition_attachment")
    assert row == {"petition_id": petition.id, "sha256": sha, "filename": "现场照片.png"}
    with AttachmentStore(second.store) as files:
        assert files.read(sha) == photo
    # The petition page on the second PC lists the file as present and makes its thumbnail.
    view = load_petition_view(second.store, petition.id, today=TODAY)
    [shown] = view.attachments
    assert shown.present and shown.needs_thumbnail
    with AttachmentStore(second.store) as files:
        thumb = make_thumbnail(files.read(sha), shown.attachment.mime)
    assert thumb is not None and not QImage.fromData(thumb).isNull()

    # The PC of another village gets neither the row nor the file, even when it asks.
    elsewhere = other.sync(transport)
    assert elsewhere.blobs_down == 0
    assert other.store.query("SELECT id FROM petition") == []
    assert other.store.query("SELECT id FROM petition_attachment") == []
    with other.http(transport) as client:
        refused = client.get(f"/v1/blobs/{sha}")
        assert refused.status_code == 403 and refused.json()["error"] == "forbidden"
        unknown = client.get(f"/v1/blobs/{hashlib.sha256(b'never sent').hexdigest()}")
        assert unknown.status_code == 403  # not told whether the server holds it
    with second.http(transport) as client:
        served = client.get(f"/v1/blobs/{sha}")
        assert served.status_code == 200 and served.content == photo

    # Rounds after that move no file, and the server still holds it once.
    for pc in (first, second, other):
        again = pc.sync(transport)
        assert (again.blobs_up, again.blobs_down) == (0, 0)
    assert blob_rows(county) == [(sha, len(photo))]

    # A detached file is no longer served: no live row names it.
    with AttachmentStore(first.store) as files:
        files.detach(files.attachments_of(petition.id)[0].id)
    first.sync(transport)
    with second.http(transport) as client:
        assert client.get(f"/v1/blobs/{sha}").status_code == 403


def test_a_file_the_server_lost_comes_back_from_the_pc_that_holds_it(
    county: sa.Engine, pcs: Callable[[str, str], PC], transport: SyncASGI
) -> None:
    first, second = pcs("first", factories.VILLAGE), pcs("second", factories.VILLAGE)
    petition, _ = register(first.store)
    photo = png(marker())
    sha = attach(first.store, petition.id, photo)
    first.sync(transport)
    # The server loses the bytes (say, restored from an older backup): the row still pulls.
    with county.begin() as conn:
        conn.execute(s.blob.delete())
    got = second.sync(transport)
    assert got.pulled > 0 and got.blobs_down == 0
    with second.http(transport) as client:
        missing = client.get(f"/v1/blobs/{sha}")
        assert missing.status_code == 404 and missing.json()["error"] == "blob_missing"
    view = load_petition_view(second.store, petition.id, today=TODAY)
    assert [a.present for a in view.attachments] == [False]
    # The server says what it lacks: the first PC sends it again, the second fetches it.
    with second.http(transport) as client:
        assert client.get("/v1/missing-blobs").json() == {"missing": [sha]}
    with pcs("elsewhere", OTHER_VILLAGE).http(transport) as client:
        assert client.get("/v1/missing-blobs").json() == {"missing": []}  # not its scope
    # The PCs ask for that list every few hours, not every round.
    assert first.sync(transport).blobs_up == 0
    set_missing_checked(first.store, datetime.now() - MISSING_CHECK_INTERVAL)
    assert first.sync(transport).blobs_up == 1
    assert blob_rows(county) == [(sha, len(photo))]
    assert second.sync(transport).blobs_down == 1
    with AttachmentStore(second.store) as files:
        assert files.read(sha) == photo


def test_the_server_checks_the_hash_and_the_size(
    county: sa.Engine, pcs: Callable[[str, str], PC], transport: SyncASGI
) -> None:
    pc = pcs("first", factories.VILLAGE)
    photo = png(marker())
    sha = hashlib.sha256(photo).hexdigest()
    with pc.http(transport) as client:
        tampered = client.put(f"/v1/blobs/{sha}", content=photo[:-1] + b"\x00")
        assert tampered.status_code == 422 and tampered.json()["error"] == "hash_mismatch"
        bad_name = client.put("/v1/blobs/not-a-hash", content=photo)
        assert bad_name.status_code == 422 and bad_name.json()["error"] == "bad_sha256"
        empty = client.put(f"/v1/blobs/{hashlib.sha256(b'').hexdigest()}", content=b"")
        assert empty.status_code == 422
        huge = b"\x89PNG" + b"\x00" * (20 * 1024 * 1024)
        too_big = client.put(f"/v1/blobs/{hashlib.sha256(huge).hexdigest()}", content=huge)
        assert too_big.status_code == 413 and too_big.json()["error"] == "body_too_large"
        # Only blob uploads may be that large: a 3 MiB push is still refused.
        push = client.post(
            "/v1/sync/push",
            content=b'{"mutations": [], "x": "' + b"a" * (3 * 1024 * 1024) + b'"}',
            headers={"Content-Type": "application/json"},
        )
        assert push.status_code == 413
        assert blob_rows(county) == []
        # The right bytes are stored once, however often they are sent.
        assert client.put(f"/v1/blobs/{sha}", content=photo).json() == {
            "sha256": sha,
            "stored": True,
        }
        assert client.put(f"/v1/blobs/{sha}", content=photo).json()["stored"] is False
        assert client.put(f"/v1/blobs/{sha.upper()}", content=photo).status_code == 200
        # Without credentials nothing is stored or served.
        anonymous = httpx.Client(base_url="http://county", transport=transport)
        assert anonymous.put(f"/v1/blobs/{sha}", content=photo).status_code == 401
        assert anonymous.get(f"/v1/blobs/{sha}").status_code == 401
    assert blob_rows(county) == [(sha, len(photo))]


def test_an_interrupted_upload_resumes_with_nothing_twice(
    county: sa.Engine, pcs: Callable[[str, str], PC], transport: SyncASGI
) -> None:
    first, second = pcs("first", factories.VILLAGE), pcs("second", factories.VILLAGE)
    petition, _ = register(first.store)
    photos = [png(marker()), png(marker())]
    shas = sorted(attach(first.store, petition.id, p, f"{n}.png") for n, p in enumerate(photos))
    waiting = pending_count(first.store)
    # The server stores the first file but its answer is lost: the round stops before any
    # row goes up (a row never names a file the server may lack).
    transport.drop = lambda request: request.method == "PUT"
    with pytest.raises(SyncError):
        first.sync(transport)
    assert pending_count(first.store) == waiting
    assert core.record_state(county, "petition", petition.id) is None
    assert [sha for sha, _ in blob_rows(county)] == shas[:1]
    # The next round sends both (the first again: stored once), then the rows.
    transport.drop = lambda request: False
    resumed = first.sync(transport)
    assert resumed.blobs_up == 2 and pending_count(first.store) == 0
    assert [sha for sha, _ in blob_rows(county)] == shas
    assert second.sync(transport).blobs_down == 2
    with AttachmentStore(second.store) as files:
        assert [files.read(sha) for sha in shas] == [
            p for p in sorted(photos, key=lambda d: hashlib.sha256(d).hexdigest())
        ]


def test_a_file_attached_while_the_round_runs_goes_up_before_its_row(
    county: sa.Engine, pcs: Callable[[str, str], PC], transport: SyncASGI
) -> None:
    first, second = pcs("first", factories.VILLAGE), pcs("second", factories.VILLAGE)
    petition, _ = register(first.store)
    attach(first.store, petition.id, png(marker()), "1.png")
    late = png(marker())
    late_sha = hashlib.sha256(late).hexdigest()

    def user_attaches(request: httpx.Request) -> bool:
        # While the first file goes up, the user attaches another (the window syncs in the
        # background): its row is in the batch read next.
        if request.method == "PUT" and not first.store.query(
            "SELECT id FROM petition_attachment WHERE sha256 = ?", (late_sha,)
        ):
            attach(first.store, petition.id, late, "2.png")
        return False

    transport.drop = user_attaches
    report = first.sync(transport)
    transport.drop = lambda request: False
    assert report.blobs_up == 2 and pending_count(first.store) == 0
    assert late_sha in [sha for sha, _ in blob_rows(county)]
    assert second.sync(transport).blobs_down == 2


def test_a_lost_fetch_is_retried_next_round(
    county: sa.Engine, pcs: Callable[[str, str], PC], transport: SyncASGI
) -> None:
    first, second = pcs("first", factories.VILLAGE), pcs("second", factories.VILLAGE)
    petition, _ = register(first.store)
    photo = png(marker())
    sha = attach(first.store, petition.id, photo)
    first.sync(transport)
    transport.drop = lambda request: request.method == "GET" and "/v1/blobs/" in request.url.path
    failed = second.sync(transport)  # the round succeeds; the file is missing
    assert failed.blobs_down == 0 and failed.pulled > 0 and pending_count(second.store) == 0
    with AttachmentStore(second.store) as files:
        assert not files.exists(sha)
    transport.drop = lambda request: False
    assert second.sync(transport).blobs_down == 1
    with AttachmentStore(second.store) as files:
        assert files.read(sha) == photo


def accusation_with_files(pc: PC) -> tuple[str, str, dict[str, str]]:
    """On ``pc``: an ordinary petition and a 检举控告 against a member of the same household,
    each with a file; returns the ordinary file's hash, the accusation's, and the accused
    (id and ID number)."""
    petition, head = register(pc.store)
    accused = pc.store.query(
        "SELECT id, id_number FROM person WHERE id != ? ORDER BY name LIMIT 1", (head,)
    )[0]
    accusation = PetitionRepository(pc.store).register(
        Petition(
            id=factories.uid(),
            reg_no="",
            reg_date=date(2026, 11, 18),
            channel="letter",
            kind="accusation",
            summary="举报侵占集体资金",
            content="反映村干部侵占集体资金。",
            accused_ids=accused["id"],
        ),
        [Petitioner(factories.uid(), "", "", person_id=head)],
        today=TODAY,
    )
    ordinary = attach(pc.store, petition.id, png(marker()))
    secret = attach(pc.store, accusation.id, png(marker()), "举报材料.png")
    return ordinary, secret, accused


def test_a_petition_never_hands_its_files_to_the_pc_of_the_accused(
    county: sa.Engine, pcs: Callable[[str, str], PC], transport: SyncASGI
) -> None:
    first = pcs("first", factories.VILLAGE)
    accused_pc, neighbour = pcs("accused", factories.VILLAGE), pcs("neighbour", factories.VILLAGE)
    ordinary, secret, accused = accusation_with_files(first)
    first.sync(transport)
    # The county lists who uses the accused's PC.
    blobs.set_device_persons(county, accused_pc.device_id, [accused["id"]])
    with accused_pc.http(transport) as client:
        assert client.get(f"/v1/blobs/{secret}").status_code == 403
        assert client.get(f"/v1/blobs/{ordinary}").status_code == 200
    with neighbour.http(transport) as client:
        assert client.get(f"/v1/blobs/{secret}").status_code == 200
    assert accused_pc.sync(transport).blobs_down == 1  # the ordinary one only
    with AttachmentStore(accused_pc.store) as files:
        assert files.exists(ordinary) and not files.exists(secret)
    # Nor does the accusation itself reach that PC: its petition, petitioners, progress
    # entries and attachment records are withheld by the pull; the neighbour has them all.
    for pc_, expected in ((accused_pc, 0), (neighbour, 1)):
        pc_.sync(transport)
        rows = pc_.store.query("SELECT id FROM petition WHERE kind = 'accusation'")
        assert len(rows) == expected
        if expected:
            children = pc_.store.query(
                "SELECT (SELECT count(*) FROM petition_petitioner WHERE petition_id = ?)"
                " + (SELECT count(*) FROM petition_attachment WHERE petition_id = ?) AS n",
                (rows[0]["id"], rows[0]["id"]),
            )
            assert children[0]["n"] >= 2
    assert accused_pc.store.query(
        "SELECT count(*) AS n FROM petition_attachment WHERE sha256 = ?", (secret,)
    ) == [{"n": 0}]
    # A file it does not know of is never asked for.
    asked: list[str] = []
    transport.drop = lambda request: bool(asked.append(request.url.path))
    assert accused_pc.sync(transport).blobs_down == 0
    assert f"/v1/blobs/{secret}" not in asked


def test_gridapp_server_lists_who_uses_a_device_and_prints_its_audit_trail(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``gridapp-server device-persons`` (by ID number) and ``audit --device`` on a SQLite
    county database."""
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    county = make_engine(url)
    core.init(county, COUNTY, "武宁县", [core.PlaceRow(TOWN, "宋溪镇", "township", COUNTY)])
    county.dispose()
    county = make_engine(url)
    transport = SyncASGI(create_app(county))
    stores = []
    try:
        made = []
        for name in ("first", "accused"):
            keyring = MemoryKeyring()
            store = Store.open(tmp_path / name, create=True, keyring_backend=keyring)
            stores.append(store)
            creds = CredentialStore(tmp_path / name, keyring_backend=keyring)
            code = core.create_enrolment(county, [factories.VILLAGE], "worker")
            enroll(store, "http://county", code, transport, creds)
            made.append(PC(store, creds))
        first, accused_pc = made
        _, secret, accused = accusation_with_files(first)
        first.sync(transport)
        device = accused_pc.device_id
        capsys.readouterr()

        assert server_main(["device-persons", "--db", url, device, accused["id_number"]]) == 0
        said = capsys.readouterr().out
        assert accused["id"] in said and "永远不会" in said
        with accused_pc.http(transport) as client:
            assert client.get(f"/v1/blobs/{secret}").status_code == 403
        assert server_main(["device-persons", "--db", url, device, "--json"]) == 0
        assert json.loads(capsys.readouterr().out)["persons"] == [accused["id"]]
        unknown = "360423199001011234"
        assert server_main(["device-persons", "--db", url, device, unknown]) == 1
        assert "unknown_person" in capsys.readouterr().err
        assert server_main(["device-persons", "--db", url, "no-such-pc", "x"]) == 1
        assert server_main(["device-persons", "--db", url, device, "--clear"]) == 0
        assert "没有" in capsys.readouterr().out
        with accused_pc.http(transport) as client:
            assert client.get(f"/v1/blobs/{secret}").status_code == 200

        assert server_main(["audit", "--db", url, "--device", first.device_id, "--json"]) == 0
        trail = json.loads(capsys.readouterr().out)
        local = first.store.query("SELECT seq, action, hash FROM audit_log ORDER BY seq")
        assert [(e["seq"], e["action"], e["hash"]) for e in trail] == [
            (r["seq"], r["action"], r["hash"]) for r in local
        ]
        assert isinstance(trail[0]["detail"], dict)
        assert server_main(["audit", "--db", url, "--device", first.device_id]) == 0
        lines = capsys.readouterr().out.splitlines()
        assert len(lines) == len(local) and lines[0].startswith("1\t")
        assert server_main(["audit", "--db", url, "--device", device]) == 0
        assert device in capsys.readouterr().out  # none yet: said so
    finally:
        for store in stores:
            store.close()
        county.dispose()


def test_a_county_database_of_schema_1_gains_the_attachment_and_audit_tables(
    tmp_path: Path,
) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'old.db'}")
    with engine.begin() as conn:  # what the first server wrote
        s.schema_version.create(conn)
        migrations._v1_core(conn)
        conn.execute(
            s.schema_version.insert().values(version=1, applied_at=datetime.now(UTC).isoformat())
        )
        assert not sa.inspect(conn).has_table("blob")
    assert migrations.migrate(engine) == [2]
    with engine.connect() as conn:
        for table in ("blob", "device_person", "audit_entry"):
            assert sa.inspect(conn).has_table(table)
        index = sa.text("SELECT name FROM sqlite_master WHERE type = 'index' AND name = :n")
        assert conn.execute(index, {"n": "record_attachment_sha"}).all()
    assert migrations.migrate(engine) == []
    engine.dispose()


def test_gridapp_sync_moves_files_through_a_real_uvicorn(
    county: sa.Engine,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Two PCs through the commands against a real server on 127.0.0.1: a 3 MiB photo goes
    up before its row and comes down on the other PC, and the command says so."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = int(sock.getsockname()[1])
    server = uvicorn.Server(
        uvicorn.Config(create_app(county), host="127.0.0.1", port=port, log_level="warning")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    monkeypatch.setenv("GRIDAPP_PASSPHRASE", "correct horse battery")
    try:
        deadline = time.monotonic() + 20
        while not server.started:
            assert time.monotonic() < deadline, "uvicorn did not start"
            time.sleep(0.05)
        url = f"http://127.0.0.1:{port}"
        dirs = [str(tmp_path / "a"), str(tmp_path / "b")]
        for data_dir in dirs:
            code = core.create_enrolment(county, [factories.VILLAGE], "worker")
            assert main(["--data-dir", data_dir, "enroll", "--server", url, "--code", code]) == 0
        photo = png(marker(), padding=3 * 1024 * 1024)
        with Store.open(Path(dirs[0])) as a:
            petition, _ = register(a)
            sha = attach(a, petition.id, photo)
        capsys.readouterr()
        assert main(["--data-dir", dirs[0], "sync", "--json"]) == 0
        sent = json.loads(capsys.readouterr().out)
        assert sent["blobs_up"] == 1 and sent["audit_pushed"] > 0 and sent["audit_error"] is None
        assert main(["--data-dir", dirs[1], "sync"]) == 0
        assert "附件文件：发出 0 个，收到 1 个" in capsys.readouterr().out
        with Store.open(Path(dirs[1])) as b, AttachmentStore(b) as files:
            assert files.read(sha) == photo
    finally:
        server.should_exit = True
        thread.join(timeout=20)


def test_the_window_reloads_when_a_file_arrives_after_its_row(
    county: sa.Engine,
    window: Any,
    qtbot: Any,
    tmp_path: Path,
) -> None:
    """A round that brings only attachment bytes still tells the pages (the petition page
    then shows the picture instead of "not on this computer yet")."""
    live = LiveServer(county)
    live.start()
    try:
        enrol_from_page(window, qtbot, live)
        keyring = MemoryKeyring()
        other = Store.open(tmp_path / "other", create=True, keyring_backend=keyring)
        creds = CredentialStore(tmp_path / "other", keyring_backend=keyring)
        with other:
            code = core.create_enrolment(county, [factories.VILLAGE], "worker")
            enroll(other, live.url, code, credentials=creds)
            petition, _ = register(other)
            photo = png(marker())
            sha = attach(other, petition.id, photo)
            sync_once(other, credentials=creds)
        with county.begin() as conn:  # the bytes are late: the window gets the row first
            conn.execute(s.blob.delete())

        def round_done() -> None:
            before = window.sync.rounds_started
            qtbot.mouseClick(sync_page(window).sync_button, qtbot_left())
            qtbot.waitUntil(
                lambda: window.sync.rounds_started > before and not window.sync.busy(),
                timeout=WAIT,
            )

        round_done()
        with AttachmentStore(window.store) as files:
            assert window.store.query("SELECT sha256 FROM petition_attachment") == [{"sha256": sha}]
            assert not files.exists(sha)
        with httpx.Client(
            base_url=live.url, headers={"Authorization": creds.load().authorization()}
        ) as client:
            assert client.put(f"/v1/blobs/{sha}", content=photo).status_code == 200
        # The petition page shows the file as not here yet.
        window.open_petition(petition.id)
        page = window.pages["petition"]
        qtbot.waitUntil(lambda: page.view is not None and not page.loading, timeout=WAIT)
        assert [a.present for a in page.view.attachments] == [False]
        assert "下次同步" in page.attachment_list.item(0).toolTip()
        seen: list[object] = []
        window.signals.data_changed.connect(seen.append)
        round_done()
        assert window.sync.last_report is not None
        assert window.sync.last_report["blobs_down"] == 1
        qtbot.waitUntil(lambda: bool(seen), timeout=WAIT)
        with AttachmentStore(window.store) as files:
            assert files.read(sha) == photo
        # ... and reloads by itself: the picture is there, with its thumbnail made.
        qtbot.waitUntil(
            lambda: (
                page.view is not None
                and not page.loading
                and [a.present for a in page.view.attachments] == [True]
            ),
            timeout=WAIT,
        )

        def thumbnail_kept() -> bool:
            with AttachmentStore(window.store) as files:
                return files.thumbnail(sha) is not None

        qtbot.waitUntil(thumbnail_kept, timeout=WAIT)
    finally:
        live.stop()
