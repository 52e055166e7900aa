"""The county server's HTTP API (gridapp/server/app.py): enrolment, hello, push, replay,
pull, health and the refusals (401, 403, 413, 422, 426, 429) through httpx's ASGI transport,
the same through a real uvicorn on 127.0.0.1, and over HTTPS through ``gridapp-server serve
--tls-cert/--tls-key`` with a self-signed certificate made by ``openssl``."""

from __future__ import annotations

import asyncio
import json
import shutil
import socket
import ssl
import subprocess
import sys
import threading
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
import pytest
import sqlalchemy as sa
import uvicorn

from gridapp import __version__
from gridapp.server import core
from gridapp.server import schema as s
from gridapp.server.app import MAX_BODY, RateLimiter, create_app, gzip_body, version_below
from gridapp.server.schema import make_engine

COUNTY = "360423"
TOWN = "360423100"
VILLAGE = "360423100201"


@pytest.fixture
def engine(tmp_path: Path) -> Iterator[sa.Engine]:
    eng = make_engine(f"sqlite:///{tmp_path / 'county.db'}")
    core.init(
        eng,
        COUNTY,
        "武宁县",
        [
            core.PlaceRow(TOWN, "宋溪镇", "township", COUNTY),
            core.PlaceRow(VILLAGE, "山口村", "village", TOWN),
        ],
    )
    yield eng
    eng.dispose()


def call(
    engine: sa.Engine, method: str, url: str, app: Any = None, **kwargs: Any
) -> httpx.Response:
    """One request to the app (a new one unless given) through the ASGI transport."""

    async def go() -> httpx.Response:
        transport = httpx.ASGITransport(app=app or create_app(engine))
        async with httpx.AsyncClient(transport=transport, base_url="http://county") as client:
            return await client.request(method, url, **kwargs)

    return asyncio.run(go())


def enrol(engine: sa.Engine, scope: str = VILLAGE) -> dict[str, Any]:
    code = core.create_enrolment(engine, [scope], "worker")
    reply = call(
        engine,
        "POST",
        "/v1/enroll",
        json={"code": code, "device_id": str(uuid.uuid4()), "device_name": "PC 1"},
    )
    assert reply.status_code == 200, reply.text
    body: dict[str, Any] = reply.json()
    return body


def bearer(cred: dict[str, Any]) -> dict[str, str]:
    return {"Authorization": f"Bearer {cred['device_id']}.{cred['device_secret']}"}


def person(seq: int, row_id: str, **data: Any) -> dict[str, Any]:
    fields = {"id_number": f"3604231990{seq:08d}", "name": "王芳", "phone": "13800000000"}
    return {
        "device_seq": seq,
        "tbl": "person",
        "id": row_id,
        "op": "create",
        "base_version": 0,
        "area_code": VILLAGE,
        "changes": {"id": row_id, "area_code": VILLAGE, **fields, **data},
        "hlc": "000001908f3a2c1b-0000-a1b2c3d4",
        "client_wall": "2026-11-30T09:12:00+08:00",
        "user_id": "zhangxh",
    }


def count(engine: sa.Engine, table: sa.Table) -> int:
    with engine.connect() as conn:
        return int(conn.execute(sa.select(sa.func.count()).select_from(table)).scalar_one())


def test_enroll_hello_push_replay_and_pull(engine: sa.Engine) -> None:
    cred = enrol(engine)
    assert cred["scopes"] == [VILLAGE] and cred["county"] == COUNTY
    assert len(cred["prefix"]) == 4 and cred["device_secret"]

    hello = call(
        engine,
        "POST",
        "/v1/sync/hello",
        headers=bearer(cred),
        json={
            "device_id": cred["device_id"],
            "app_version": "0.1",
            "schema_version": 12,
            "client_now": "2026-12-01T08:00:00+08:00",
            "client_hlc": "",
        },
    )
    assert hello.status_code == 200, hello.text
    assert hello.json()["limits"] == {"batch": 200, "page": 500}
    assert hello.json()["scopes"] == [VILLAGE]

    member = str(uuid.uuid4())
    batch = {"batch_id": "b1", "mutations": [person(1, member)]}
    first = call(engine, "POST", "/v1/sync/push", headers=bearer(cred), json=batch)
    assert first.status_code == 200, first.text
    assert first.json() == {
        "results": [{"device_seq": 1, "status": "applied", "version": 1}],
        "last_device_seq": 1,
    }
    log_size, row = count(engine, s.change_log), core.record_state(engine, "person", member)

    again = call(engine, "POST", "/v1/sync/push", headers=bearer(cred), json=batch)
    assert again.status_code == 200 and again.json() == first.json()
    assert count(engine, s.change_log) == log_size
    assert core.record_state(engine, "person", member) == row

    # A bad record inside a good batch is rejected per record, the request is not refused.
    bad = person(2, str(uuid.uuid4()))
    bad["tbl"] = "nonsense"
    reply = call(engine, "POST", "/v1/sync/push", headers=bearer(cred), json={"mutations": [bad]})
    assert reply.status_code == 200
    assert reply.json()["results"][0]["status"] == "rejected"
    assert reply.json()["results"][0]["reason"] == "unknown_table"

    # Another PC of the village pulls the row.
    other = enrol(engine)
    page = call(engine, "GET", "/v1/sync/pull?cursor=0&limit=500", headers=bearer(other))
    assert page.status_code == 200, page.text
    body = page.json()
    assert body["has_more"] is False and body["next_cursor"] >= log_size
    mine = [c for c in body["changes"] if c["tbl"] == "person"]
    assert [(c["id"], c["version"], c["data"]["phone"]) for c in mine] == [
        (member, 1, "13800000000")
    ]
    empty = call(
        engine, "GET", f"/v1/sync/pull?cursor={body['next_cursor']}", headers=bearer(other)
    )
    assert empty.json()["changes"] == [] and empty.json()["has_more"] is False


def test_a_gzip_body_is_accepted(engine: sa.Engine) -> None:
    cred = enrol(engine)
    data = json.dumps({"mutations": [person(1, str(uuid.uuid4()))]}).encode()
    reply = call(
        engine,
        "POST",
        "/v1/sync/push",
        headers=bearer(cred) | {"Content-Encoding": "gzip", "Content-Type": "application/json"},
        content=gzip_body(data),
    )
    assert reply.status_code == 200, reply.text
    assert reply.json()["results"][0]["status"] == "applied"


def test_bad_credentials_and_a_revoked_device_get_401(engine: sa.Engine) -> None:
    cred = enrol(engine)
    pull = "/v1/sync/pull"
    missing = call(engine, "GET", pull)
    assert missing.status_code == 401 and missing.json()["error"] == "bad_credentials"
    wrong = call(
        engine, "GET", pull, headers={"Authorization": f"Bearer {cred['device_id']}.wrong"}
    )
    assert wrong.status_code == 401 and wrong.json()["error"] == "unknown_device"
    stranger = call(engine, "GET", pull, headers={"Authorization": "Bearer nobody.secret"})
    assert stranger.status_code == 401 and stranger.json()["error"] == "unknown_device"

    assert core.revoke(engine, cred["device_id"])
    for method, url, payload in [
        ("GET", pull, None),
        ("POST", "/v1/sync/push", {"mutations": [person(1, str(uuid.uuid4()))]}),
        ("POST", "/v1/sync/hello", {"client_now": "2026-12-01T00:00:00Z"}),
    ]:
        reply = call(engine, method, url, headers=bearer(cred), json=payload)
        assert reply.status_code == 401, (url, reply.text)
        assert reply.json()["error"] == "revoked"
    assert count(engine, s.applied_mutation) == 0

    used = call(
        engine,
        "POST",
        "/v1/enroll",
        json={"code": "ABCDEFGHJK", "device_id": str(uuid.uuid4())},
    )
    assert used.status_code == 401 and used.json()["error"] == "invalid_code"


def test_a_body_over_2_mib_gets_413(engine: sa.Engine) -> None:
    cred = enrol(engine)
    big = person(1, str(uuid.uuid4()), note="x" * MAX_BODY)
    reply = call(engine, "POST", "/v1/sync/push", headers=bearer(cred), json={"mutations": [big]})
    assert reply.status_code == 413 and reply.json()["error"] == "body_too_large"
    # Small on the wire, too large unpacked.
    packed = gzip_body(json.dumps({"mutations": [big]}).encode())
    assert len(packed) < MAX_BODY
    reply = call(
        engine,
        "POST",
        "/v1/sync/push",
        headers=bearer(cred) | {"Content-Encoding": "gzip", "Content-Type": "application/json"},
        content=packed,
    )
    assert reply.status_code == 413
    assert count(engine, s.applied_mutation) == 0


def test_over_the_batch_or_page_limit_or_malformed_gets_422(engine: sa.Engine) -> None:
    cred = enrol(engine)
    batch = [person(seq, str(uuid.uuid4())) for seq in range(1, 202)]
    reply = call(engine, "POST", "/v1/sync/push", headers=bearer(cred), json={"mutations": batch})
    assert reply.status_code == 422 and reply.json()["error"] == "bad_request"
    assert count(engine, s.applied_mutation) == 0

    page = call(engine, "GET", "/v1/sync/pull?limit=501", headers=bearer(cred))
    assert page.status_code == 422 and page.json()["error"] == "bad_request"

    out_of_order = [person(2, str(uuid.uuid4())), person(1, str(uuid.uuid4()))]
    reply = call(
        engine, "POST", "/v1/sync/push", headers=bearer(cred), json={"mutations": out_of_order}
    )
    assert reply.status_code == 422 and reply.json()["error"] == "bad_batch"

    garbage = call(
        engine,
        "POST",
        "/v1/sync/push",
        headers=bearer(cred) | {"Content-Type": "application/json"},
        content=b"{not json",
    )
    assert garbage.status_code == 422
    assert count(engine, s.applied_mutation) == 0


def test_the_openapi_describes_the_payloads(engine: sa.Engine) -> None:
    spec = call(engine, "GET", "/openapi.json").json()
    assert {"/v1/enroll", "/v1/sync/hello", "/v1/sync/push", "/v1/sync/pull"} <= set(spec["paths"])
    schemas = spec["components"]["schemas"]
    assert schemas["PushRequest"]["properties"]["mutations"]["maxItems"] == 200
    assert {"device_seq", "tbl", "id", "op", "area_code"} <= set(schemas["Mutation"]["required"])


def test_health_needs_no_credentials_and_writes_nothing(engine: sa.Engine) -> None:
    before = count(engine, s.change_log), core.devices(engine)
    reply = call(engine, "GET", "/v1/health")
    assert reply.status_code == 200
    body = reply.json()
    assert body["status"] == "ok" and body["version"] == __version__
    assert body["server_time"].endswith("Z")
    assert (count(engine, s.change_log), core.devices(engine)) == before


def test_a_push_of_only_out_of_scope_data_gets_403_and_writes_no_data(engine: sa.Engine) -> None:
    cred = enrol(engine)
    elsewhere = "360423100202"
    outside = [person(1, str(uuid.uuid4())), person(2, str(uuid.uuid4()))]
    for m in outside:
        m["area_code"] = m["changes"]["area_code"] = elsewhere
    before = count(engine, s.record), count(engine, s.change_log)
    reply = call(engine, "POST", "/v1/sync/push", headers=bearer(cred), json={"mutations": outside})
    assert reply.status_code == 403 and reply.json()["error"] == "forbidden_scope"
    assert (count(engine, s.record), count(engine, s.change_log)) == before
    # Each entry is answered "forbidden" for good, so the device's sequence has no gap: a
    # replay gets the stored answers, and the next edit of its own village is applied.
    assert core.devices(engine)[0]["last_device_seq"] == 2
    reply = call(engine, "POST", "/v1/sync/push", headers=bearer(cred), json={"mutations": outside})
    assert reply.status_code == 200
    assert [r["status"] for r in reply.json()["results"]] == ["forbidden", "forbidden"]
    # A mixed batch is answered per record.
    mixed = [person(3, str(uuid.uuid4())), person(4, str(uuid.uuid4()))]
    mixed[0]["area_code"] = mixed[0]["changes"]["area_code"] = elsewhere
    reply = call(engine, "POST", "/v1/sync/push", headers=bearer(cred), json={"mutations": mixed})
    assert reply.status_code == 200
    assert [r["status"] for r in reply.json()["results"]] == ["forbidden", "applied"]


def test_a_program_below_the_minimum_gets_426(engine: sa.Engine) -> None:
    cred = enrol(engine)
    app = create_app(engine, min_app_version="0.2")
    old = bearer(cred) | {"X-GridApp-Version": "0.1.9"}
    greeting = {"client_now": "2026-12-01T00:00:00Z", "app_version": "0.1.9"}
    for method, url, payload, headers in [
        ("POST", "/v1/sync/hello", greeting, bearer(cred)),  # the body names the version
        ("POST", "/v1/sync/hello", greeting | {"app_version": "0.2"}, old),
        ("POST", "/v1/sync/push", {"mutations": [person(1, str(uuid.uuid4()))]}, old),
        ("GET", "/v1/sync/pull", None, old),
    ]:
        reply = call(engine, method, url, app, headers=headers, json=payload)
        assert reply.status_code == 426, (url, reply.text)
        assert reply.json()["error"] == "upgrade_required"
        assert reply.json()["min_app_version"] == "0.2"
    assert count(engine, s.applied_mutation) == 0
    # New enough (numerically: 0.10 > 0.2), or no header (curl, older tests): served.
    new = bearer(cred) | {"X-GridApp-Version": "0.10"}
    reply = call(
        engine,
        "POST",
        "/v1/sync/hello",
        app,
        headers=new,
        json=greeting | {"app_version": "0.10.0"},
    )
    assert reply.status_code == 200 and reply.json()["min_app_version"] == "0.2"
    assert call(engine, "GET", "/v1/sync/pull", app, headers=bearer(cred)).status_code == 200
    assert version_below("0.1", "0.1.0") is False and version_below("1.2rc1", "1.3") is True
    assert version_below("", "0.1") is True and version_below("2", "0.10") is False
    with pytest.raises(ValueError):
        create_app(engine, min_app_version="latest")


def test_a_device_over_its_rate_gets_429_with_retry_after(engine: sa.Engine) -> None:
    first, second = enrol(engine), enrol(engine)
    app = create_app(engine, rate_limit=3)
    codes = [
        call(engine, "GET", "/v1/sync/pull", app, headers=bearer(first)).status_code
        for _ in range(4)
    ]
    assert codes[:3] == [200, 200, 200]
    refused = call(engine, "GET", "/v1/sync/pull", app, headers=bearer(first))
    assert refused.status_code == 429 and refused.json()["error"] == "rate_limited"
    assert 1 <= int(refused.headers["Retry-After"]) <= 20
    # Per device: another PC is served; 0 means no limit.
    assert call(engine, "GET", "/v1/sync/pull", app, headers=bearer(second)).status_code == 200
    unlimited = create_app(engine, rate_limit=0)
    for _ in range(70):
        reply = call(engine, "GET", "/v1/sync/pull", unlimited, headers=bearer(first))
        assert reply.status_code == 200


def test_the_rate_limiter_refills_at_its_rate() -> None:
    now = [0.0]
    limiter = RateLimiter(60, clock=lambda: now[0])
    assert all(limiter.take("pc") == 0 for _ in range(60))  # a minute's burst
    assert limiter.take("pc") == 1 and limiter.take("other") == 0
    now[0] += 1.0  # one more token a second
    assert limiter.take("pc") == 0 and limiter.take("pc") == 1
    slow = RateLimiter(2, clock=lambda: now[0])
    assert slow.take("pc") == 0 and slow.take("pc") == 0
    assert slow.take("pc") == 30  # the next token in half a minute
    assert RateLimiter(0).take("pc") == 0


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def serving(app: Any) -> Iterator[str]:
    """``app`` served by a real uvicorn on 127.0.0.1 (in a thread); its base URL."""
    port = _free_port()
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    try:
        for _ in range(500):
            if server.started:
                break
            threading.Event().wait(0.02)
        assert server.started
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=30)
    assert not thread.is_alive()


def test_the_api_through_a_real_uvicorn(engine: sa.Engine) -> None:
    """Enrol, sync, a replay, and every refusal a PC can meet, over a socket."""
    app = create_app(engine, min_app_version="0.1", rate_limit=20)
    with serving(app) as base, httpx.Client(base_url=base, timeout=10) as client:
        assert client.get("/v1/health").json()["status"] == "ok"
        code = core.create_enrolment(engine, [VILLAGE], "worker")
        reply = client.post("/v1/enroll", json={"code": code, "device_id": str(uuid.uuid4())})
        assert reply.status_code == 200, reply.text
        cred = reply.json()
        auth = bearer(cred) | {"X-GridApp-Version": __version__}
        hello = client.post(
            "/v1/sync/hello",
            headers=auth,
            json={"client_now": "2026-12-01T08:00:00+08:00", "app_version": __version__},
        )
        assert hello.status_code == 200 and hello.json()["min_app_version"] == "0.1"
        member = str(uuid.uuid4())
        batch = {"batch_id": "b1", "mutations": [person(1, member)]}
        pushed = client.post("/v1/sync/push", headers=auth, json=batch)
        assert pushed.status_code == 200, pushed.text
        assert pushed.json()["results"][0]["status"] == "applied"
        page = client.get("/v1/sync/pull", params={"cursor": 0}, headers=auth)
        assert page.status_code == 200
        assert member in [c["id"] for c in page.json()["changes"]]

        # A replayed batch (a lost answer) gets the same answer and changes nothing.
        log_size, row = count(engine, s.change_log), core.record_state(engine, "person", member)
        again = client.post("/v1/sync/push", headers=auth, json=batch)
        assert again.status_code == 200 and again.json() == pushed.json()
        assert count(engine, s.change_log) == log_size
        assert core.record_state(engine, "person", member) == row

        # Only another village's data: 403, nothing written.
        outside = person(2, str(uuid.uuid4()))
        outside["area_code"] = outside["changes"]["area_code"] = "360423100202"
        refused = client.post("/v1/sync/push", headers=auth, json={"mutations": [outside]})
        assert refused.status_code == 403 and refused.json()["error"] == "forbidden_scope"
        assert count(engine, s.change_log) == log_size

        # Too old a program: 426 with the minimum.
        old = client.get("/v1/sync/pull", headers=bearer(cred) | {"X-GridApp-Version": "0.0.9"})
        assert old.status_code == 426 and old.json()["min_app_version"] == "0.1"

        # Over 20 requests a minute: 429 with Retry-After (seconds).
        for _ in range(100):
            busy = client.get("/v1/sync/pull", params={"cursor": 10**6}, headers=auth)
            if busy.status_code != 200:
                break
        assert busy.status_code == 429 and busy.json()["error"] == "rate_limited"
        assert int(busy.headers["Retry-After"]) >= 1

        # Revoked: 401 on every request from now on.
        assert core.revoke(engine, cred["device_id"])
        gone = client.post("/v1/sync/push", headers=auth, json=batch)
        assert gone.status_code == 401 and gone.json()["error"] == "revoked"
        assert gone.headers["WWW-Authenticate"] == "Bearer"
        assert count(engine, s.change_log) == log_size


def _self_signed(folder: Path) -> tuple[Path, Path]:
    if shutil.which("openssl") is None:
        pytest.skip("the openssl command is needed to make a test certificate")
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        [
            "openssl",
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-days",
            "2",
            "-subj",
            "/CN=127.0.0.1",
            "-addext",
            "subjectAltName=IP:127.0.0.1,DNS:localhost",
            "-keyout",
            str(key),
            "-out",
            str(cert),
        ],
        check=True,
        capture_output=True,
    )
    return cert, key


def test_serve_over_https_with_the_certificate_files(engine: sa.Engine, tmp_path: Path) -> None:
    """``gridapp-server serve --tls-cert --tls-key`` in its own process: a PC that trusts
    the certificate enrols and syncs over HTTPS; one that does not is refused."""
    cert, key = _self_signed(tmp_path)
    db = str(engine.url)
    port = _free_port()
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gridapp.server.cli",
            "serve",
            "--db",
            db,
            "--port",
            str(port),
            "--tls-cert",
            str(cert),
            "--tls-key",
            str(key),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    base = f"https://127.0.0.1:{port}"
    trust = ssl.create_default_context(cafile=str(cert))
    try:
        with httpx.Client(base_url=base, timeout=10, verify=trust) as client:
            for _ in range(300):
                try:
                    if client.get("/v1/health").status_code == 200:
                        break
                except httpx.TransportError:
                    assert server.poll() is None, server.stdout.read() if server.stdout else ""
                    threading.Event().wait(0.05)
            code = core.create_enrolment(engine, [VILLAGE], "worker")
            reply = client.post("/v1/enroll", json={"code": code, "device_id": str(uuid.uuid4())})
            assert reply.status_code == 200, reply.text
            cred = reply.json()
            member = str(uuid.uuid4())
            pushed = client.post(
                "/v1/sync/push", headers=bearer(cred), json={"mutations": [person(1, member)]}
            )
            assert pushed.json()["results"][0]["status"] == "applied"
            page = client.get("/v1/sync/pull", headers=bearer(cred))
            assert member in [c["id"] for c in page.json()["changes"]]
        with (
            httpx.Client(base_url=base, timeout=10) as stranger,
            pytest.raises(httpx.ConnectError, match="CERTIFICATE_VERIFY_FAILED"),
        ):
            stranger.get("/v1/health")  # the system's CAs do not know the certificate
        with pytest.raises(httpx.TransportError):
            httpx.get(f"http://127.0.0.1:{port}/v1/health", timeout=5)  # no plain HTTP
    finally:
        server.terminate()
        server.wait(timeout=30)
