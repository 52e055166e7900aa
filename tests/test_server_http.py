"""The county server's HTTP API (gridapp/server/app.py): enrolment, hello, push, replay,
pull and the refusals (401, 413, 422) through httpx's ASGI transport, and one round trip
through a real uvicorn on 127.0.0.1."""

from __future__ import annotations

import asyncio
import json
import socket
import threading
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import sqlalchemy as sa
import uvicorn

from gridapp.server import core
from gridapp.server import schema as s
from gridapp.server.app import MAX_BODY, create_app, gzip_body
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


def call(engine: sa.Engine, method: str, url: str, **kwargs: Any) -> httpx.Response:
    """One request to the app through the ASGI transport (no socket)."""

    async def go() -> httpx.Response:
        transport = httpx.ASGITransport(app=create_app(engine))
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


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_a_round_trip_through_a_real_uvicorn(engine: sa.Engine) -> None:
    port = _free_port()
    config = uvicorn.Config(create_app(engine), host="127.0.0.1", port=port, log_level="warning")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    try:
        base = f"http://127.0.0.1:{port}"
        with httpx.Client(base_url=base, timeout=10) as client:
            for _ in range(500):
                if server.started:
                    break
                threading.Event().wait(0.02)
            assert server.started
            code = core.create_enrolment(engine, [VILLAGE], "worker")
            reply = client.post("/v1/enroll", json={"code": code, "device_id": str(uuid.uuid4())})
            assert reply.status_code == 200, reply.text
            cred = reply.json()
            member = str(uuid.uuid4())
            pushed = client.post(
                "/v1/sync/push", headers=bearer(cred), json={"mutations": [person(1, member)]}
            )
            assert pushed.status_code == 200, pushed.text
            assert pushed.json()["results"][0]["status"] == "applied"
            page = client.get("/v1/sync/pull", params={"cursor": 0}, headers=bearer(cred))
            assert page.status_code == 200
            assert member in [c["id"] for c in page.json()["changes"]]
    finally:
        server.should_exit = True
        thread.join(timeout=30)
    assert not thread.is_alive()
