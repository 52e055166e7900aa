"""Property-based tests of the county server's HTTP API (hypothesis; no schemathesis).

Random requests — methods, paths, query strings, headers, JSON and non-JSON bodies — and
random but well-formed push batches (tables, ops, fields, values of every kind and of the
wrong kind, area codes in and out of scope, base versions, natural-key duplicates, missing
parents, gaps and replays) go to the ASGI app over a SQLite county, and over PostgreSQL in a
schema of its own when GRIDAPP_TEST_PG_URL is set. Properties: never a 5xx; every refusal is
JSON with an ``error`` (or FastAPI's ``detail`` for an unknown path or method); every
per-record status is one of the documented ones; and the change feed stays consistent with
the records (each record's version is the number of its non-conflict feed entries and its
``server_seq`` the last of them; every conflict entry names a stored conflict).
"""

from __future__ import annotations

import asyncio
import json
import os
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import sqlalchemy as sa
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gridapp.server import core
from gridapp.server import schema as s
from gridapp.server.app import create_app, gzip_body
from gridapp.server.schema import make_engine
from tests.county_db import pg_engine

COUNTY = "360423"
TOWN = "360423100"
VILLAGE = "360423100201"
OTHER_VILLAGE = "360423100202"
STATUSES = {"applied", "merged", "conflict", "rejected", "forbidden", "held"}
KINDS = {"field", "update_delete", "delete_update", "duplicate", "parent_missing"}
# GRIDAPP_PROPERTY_EXAMPLES=2000 for a longer random hunt (the default run is derandomised).
EXAMPLES = int(os.environ.get("GRIDAPP_PROPERTY_EXAMPLES", "0"))
SETTINGS = settings(
    max_examples=EXAMPLES or 60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    derandomize=not EXAMPLES,
    database=None,
)


# --- the county ------------------------------------------------------------------------


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def engine(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[sa.Engine]:
    if request.param == "postgres":
        eng_iter = pg_engine()
        eng = next(eng_iter)
    else:
        eng = make_engine(f"sqlite:///{tmp_path / 'county.db'}")
    core.init(
        eng,
        COUNTY,
        "武宁县",
        [
            core.PlaceRow(TOWN, "宋溪镇", "township", COUNTY),
            core.PlaceRow(VILLAGE, "山口村", "village", TOWN),
            core.PlaceRow(OTHER_VILLAGE, "港背村", "village", TOWN),
        ],
    )
    yield eng
    if request.param == "postgres":
        for _ in eng_iter:  # drops the schema
            pass
    else:
        eng.dispose()


class Api:
    """One app and one client over the ASGI transport, on one event loop."""

    def __init__(self, engine: sa.Engine, **options: Any) -> None:
        self.loop = asyncio.new_event_loop()
        self.client = httpx.AsyncClient(
            transport=httpx.ASGITransport(app=create_app(engine, **options)),
            base_url="http://county",
        )

    def request(self, method: str, url: str, **kwargs: Any) -> httpx.Response:
        return self.loop.run_until_complete(self.client.request(method, url, **kwargs))

    def close(self) -> None:
        self.loop.run_until_complete(self.client.aclose())
        self.loop.close()


def enrol(engine: sa.Engine, api: Api, scope: str) -> dict[str, str]:
    code = core.create_enrolment(engine, [scope], "worker")
    reply = api.request("POST", "/v1/enroll", json={"code": code, "device_id": str(uuid.uuid4())})
    assert reply.status_code == 200, reply.text
    cred = reply.json()
    return {"Authorization": f"Bearer {cred['device_id']}.{cred['device_secret']}"}


def check_answer(reply: httpx.Response) -> None:
    """No 5xx; a refusal is JSON naming its error."""
    assert reply.status_code < 500, (reply.status_code, reply.text)
    if reply.status_code >= 400:
        body = reply.json()
        assert isinstance(body, dict) and ("error" in body or "detail" in body), body


def check_feed(engine: sa.Engine) -> None:
    """Each record's version = its non-conflict feed entries; its server_seq the last one;
    every conflict entry names a stored conflict; no feed entry without its record."""
    log, rec = s.change_log, s.record
    with engine.connect() as conn:
        entries = (
            sa.select(
                log.c.tbl,
                log.c.id,
                sa.func.count().label("n"),
                sa.func.max(log.c.version).label("top"),
                sa.func.max(log.c.server_seq).label("seq"),
            )
            .where(log.c.op != "conflict")
            .group_by(log.c.tbl, log.c.id)
        )
        feed = {(r.tbl, r.id): (int(r.n), int(r.top), int(r.seq)) for r in conn.execute(entries)}
        records = {
            (r.tbl, r.id): (int(r.version), int(r.version), int(r.server_seq))
            for r in conn.execute(sa.select(rec.c.tbl, rec.c.id, rec.c.version, rec.c.server_seq))
        }
        assert feed == records
        orphans = conn.execute(
            sa.select(sa.func.count())
            .select_from(log)
            .outerjoin(s.conflict, s.conflict.c.conflict_id == log.c.conflict_id)
            .where(log.c.op == "conflict", s.conflict.c.conflict_id.is_(None))
        ).scalar_one()
        assert orphans == 0


# --- random requests -------------------------------------------------------------------

PATHS = [
    "/v1/enroll",
    "/v1/sync/hello",
    "/v1/sync/push",
    "/v1/sync/pull",
    "/v1/health",
    "/v1/blobs/" + "0" * 64,
    "/v1/audit",
    "/openapi.json",
    "/",
]
header_text = st.text(
    st.characters(min_codepoint=0x20, max_codepoint=0x7E), max_size=40
)  # what HTTP headers can carry
# Texts a database may refuse: NUL (PostgreSQL), a lone surrogate (a JSON "\ud800").
NASTY = st.sampled_from(["\x00", "a\x00b", "\ud800", "x\udfffy", "360423100201\n", "１２"])
scalars = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**70), max_value=2**70)
    | st.sampled_from([2**53, 2**63, -(2**63) - 1, 2**64])
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(max_size=30)
    | NASTY
)
json_values = st.recursive(
    scalars,
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=12), children, max_size=4)
    ),
    max_leaves=12,
)


@st.composite
def requests(draw: st.DrawFn, auth: dict[str, str]) -> dict[str, Any]:
    method = draw(st.sampled_from(["GET", "POST", "PUT", "DELETE", "PATCH"]))
    path = draw(
        st.sampled_from(PATHS)
        | st.builds(
            lambda t: "/v1/" + t, st.text(st.characters(categories=["L", "N"]), max_size=12)
        )
    )
    params = draw(
        st.dictionaries(
            st.sampled_from(["cursor", "limit", "x", "cursor[]"]),
            st.integers(min_value=-(2**70), max_value=2**70).map(str)
            | st.sampled_from([str(2**63), str(2**53), "1e3", "-0"])
            | st.text(max_size=10),
            max_size=3,
        )
    )
    headers: dict[str, str] = {}
    if draw(st.booleans()):
        headers |= auth
    elif draw(st.booleans()):
        headers["Authorization"] = draw(header_text)
    if draw(st.booleans()):
        headers["X-GridApp-Version"] = draw(header_text)
    body = draw(st.sampled_from(["none", "json", "bytes", "gzip", "bad_gzip"]))  # how the body goes
    kwargs: dict[str, Any] = {"params": params, "headers": headers}
    if body == "json":
        headers["Content-Type"] = "application/json"
        kwargs["content"] = json.dumps(  # ASCII escapes: a lone surrogate can travel
            draw(
                json_values
                | st.fixed_dictionaries(
                    {"mutations": st.lists(json_values, max_size=3)},
                    optional={"batch_id": json_values},
                )
                | st.fixed_dictionaries(
                    {"client_now": st.text(max_size=30) | st.just("2026-12-01T00:00:00Z")},
                    optional={"app_version": json_values, "device_id": json_values},
                )
                | st.fixed_dictionaries(
                    {"code": json_values, "device_id": json_values},
                    optional={"device_name": json_values, "app_version": json_values},
                )
            )
        ).encode()
    elif body in ("bytes", "gzip", "bad_gzip"):
        raw = draw(st.binary(max_size=200))
        kwargs["content"] = gzip_body(raw) if body == "gzip" else raw
        headers["Content-Type"] = draw(st.sampled_from(["application/json", "text/plain"]))
        if body != "bytes":
            headers["Content-Encoding"] = "gzip"
    return {"method": method, "url": path, **kwargs}


def test_random_requests_never_get_a_5xx(engine: sa.Engine) -> None:
    api = Api(engine, rate_limit=0, min_app_version="0.1")
    try:
        auth = enrol(engine, api, VILLAGE)

        @SETTINGS
        @given(st.data())
        def run(data: st.DataObject) -> None:
            req = data.draw(requests(auth))
            check_answer(api.request(**req))

        run()
    finally:
        api.close()
    check_feed(engine)


# --- random push batches ---------------------------------------------------------------

IDS = [str(uuid.UUID(int=i)) for i in range(1, 9)]  # a small pool: rows meet again
AREAS = [VILLAGE, VILLAGE, OTHER_VILLAGE, TOWN, COUNTY, "3604231002011", "", VILLAGE + "\n"]
UNIQUE_VALUES = ["360000001", "360000002", "36042319900101001X"]


def _value(kind: str) -> st.SearchStrategy[Any]:
    good = {
        "text": st.sampled_from(UNIQUE_VALUES) | st.text(max_size=20),
        "date": st.dates().map(lambda d: d.isoformat()) | st.just("2026-02-30"),
        "bool": st.booleans() | st.sampled_from([0, 1]),
        "int": st.integers(min_value=-(2**60), max_value=2**60),
        "float": st.floats(allow_nan=False, allow_infinity=False),
    }[kind]
    return good | st.sampled_from(IDS) | json_values


@st.composite
def mutation_body(draw: st.DrawFn) -> dict[str, Any]:
    tbl = draw(st.sampled_from([*s.SPECS, "nonsense"]))
    kinds = s.SPECS[tbl].kinds if tbl in s.SPECS else {"x": "text"}
    op = draw(st.sampled_from(["create", "create", "update", "update", "delete", "merge"]))
    row_id = draw(st.sampled_from(IDS) | st.text(max_size=10) | NASTY)
    area = draw(st.sampled_from(AREAS))
    fields = draw(st.lists(st.sampled_from([*kinds, "area_code", "id", "bogus"]), max_size=5))
    values = {f: draw(_value(kinds.get(f, "text"))) for f in fields}
    if op == "create":
        changes: Any = {"id": row_id, "area_code": area, **values}
    elif op == "update":
        changes = {f: {"old": None, "new": v} for f, v in values.items()}
        if draw(st.booleans()):
            changes["area_code"] = {"old": area, "new": draw(st.sampled_from(AREAS))}
    else:
        changes = {}
    m: dict[str, Any] = {
        "tbl": tbl,
        "id": row_id,
        "op": op,
        "base_version": draw(st.integers(min_value=0, max_value=4)),
        "area_code": area,
        "changes": changes,
        "hlc": draw(st.sampled_from(["", "000001908f3a2c1b-0000-a1b2c3d4", "ffffffffffff-1-x"])),
        "client_wall": "2026-11-30T09:12:00+08:00",
        "user_id": draw(st.text(max_size=8) | NASTY),
    }
    if draw(st.integers(0, 9)) == 0:
        m["resolves"] = draw(st.text(max_size=8) | st.just(str(uuid.uuid4())))
    return m


@st.composite
def steps(draw: st.DrawFn) -> dict[str, Any]:
    """One step of a device: a new batch (device_seq steps of 1, sometimes 2: a gap that
    is held), or a replay of an earlier batch. Drawn whole, whatever happened before."""
    bodies = draw(st.lists(mutation_body(), min_size=1, max_size=6))
    return {
        "who": draw(st.integers(0, 2)),
        "replay": draw(st.integers(0, 4)) == 0,
        "pick": draw(st.integers(0, 10**6)),
        "bodies": bodies,
        "steps": draw(st.lists(st.sampled_from([1, 1, 1, 1, 1, 2, 2**62]), min_size=6, max_size=6)),
        "batch_id": draw(st.sampled_from(["b", "", "\x00", "b" * 201])),
        "packed": draw(st.booleans()),
    }


def test_random_batches_keep_the_feed_consistent(engine: sa.Engine) -> None:
    api = Api(engine, rate_limit=0)
    try:
        devices = [
            enrol(engine, api, VILLAGE),
            enrol(engine, api, VILLAGE),
            enrol(engine, api, TOWN),
        ]
        next_seq = dict.fromkeys(range(len(devices)), 0)
        sent: list[tuple[int, dict[str, Any], dict[str, Any]]] = []

        @SETTINGS
        @given(steps())
        def run(step: dict[str, Any]) -> None:
            who = step["who"]
            if sent and step["replay"]:  # a lost answer: the same batch, the same answers
                who, batch, answer = sent[step["pick"] % len(sent)]
                reply = api.request(
                    "POST",
                    "/v1/sync/push",
                    headers=devices[who] | {"Content-Type": "application/json"},
                    content=json.dumps(batch).encode(),
                )
                check_answer(reply)
                assert reply.status_code == 200, reply.text
                again = {r["device_seq"]: r for r in reply.json()["results"]}
                for r in answer["results"]:
                    if r["status"] != "held":  # held ones may have been applied since
                        assert again[r["device_seq"]] == r
                return
            seq, mutations = next_seq[who], []
            for body, gap in zip(step["bodies"], step["steps"], strict=False):
                seq += gap
                mutations.append({"device_seq": seq, **body})
            batch = {"batch_id": step["batch_id"], "mutations": mutations}
            raw = json.dumps(batch).encode()
            headers = devices[who] | {"Content-Type": "application/json"}
            if step["packed"]:
                headers["Content-Encoding"] = "gzip"
            reply = api.request(
                "POST",
                "/v1/sync/push",
                headers=headers,
                content=gzip_body(raw) if step["packed"] else raw,
            )
            check_answer(reply)
            assert reply.status_code in (200, 403, 422), reply.text
            if reply.status_code != 200:
                return
            answer = reply.json()
            for r in answer["results"]:
                assert r["status"] in STATUSES, r
                if r["status"] == "conflict":
                    assert r["conflict"]["kind"] in KINDS
                if r["status"] == "rejected":
                    assert isinstance(r["reason"], str) and r["reason"]
            # The next batch goes on from the last applied one (a PC re-sends held ones).
            next_seq[who] = answer["last_device_seq"]
            sent.append((who, batch, answer))
            page = api.request("GET", "/v1/sync/pull", headers=devices[who], params={"limit": 50})
            check_answer(page)
            assert page.status_code == 200

        run()
    finally:
        api.close()
    check_feed(engine)
