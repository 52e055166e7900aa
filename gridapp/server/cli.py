"""The ``gridapp-server`` command: set up the county database, enrol and revoke devices.

``init --db URL --county CODE --name NAME [--places FILE]``, ``enroll --db URL --scope
CODE[,CODE…] [--role worker|chief|county]`` (prints the one-time code), ``devices --db URL
[--json]``, ``revoke --db URL DEVICE_ID``, ``serve --db URL [--host H] [--port P]
[--tls-cert F --tls-key F] [--rate-limit N] [--min-app-version V]`` (the HTTP API of
``gridapp.server.app``, over HTTPS with the certificate files), ``device-persons --db URL
DEVICE_ID [PERSON…] [--clear] [--json]`` (who uses a device: the accused never receive a
petition's files), ``audit --db URL --device ID [--json]`` (a device's audit trail) and
``audit purge --db URL --before YYYY-MM-DD`` (entries received before that day, refused for a
day less than six months ago).
``--db`` is a SQLAlchemy URL: ``sqlite:///county.db``
(the default) or ``postgresql://user@host/db``. Exit status: 0 done, 1 refused (nothing
changed), 2 the database cannot be used (not initialised, newer, unreachable).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path

import sqlalchemy as sa

from gridapp import __version__
from gridapp.i18n import QT_TRANSLATE_NOOP, tr
from gridapp.server import core
from gridapp.server.migrations import LATEST, NewerSchemaError, current_version, migrate
from gridapp.server.schema import make_engine

RATE_LIMIT = 600  # gridapp.server.app.RATE_LIMIT (not imported: fastapi loads only for serve)
EXIT_OK = 0
EXIT_REFUSED = 1
EXIT_DATABASE = 2
DEFAULT_DB = "sqlite:///county.db"

MSG_INITIALISED = QT_TRANSLATE_NOOP(
    "Messages", "County server database ready: {county} {name}; {places} place records written."
)
MSG_CODE_NOTE = QT_TRANSLATE_NOOP(
    "Messages",
    "One-time enrolment code for {scopes} ({role}), valid 24 hours. "
    "Enter it on the PC with: gridapp enroll --server URL --code CODE",
)
MSG_NO_DEVICE = QT_TRANSLATE_NOOP("Messages", "No device {device_id} is enrolled.")
MSG_REVOKED = QT_TRANSLATE_NOOP(
    "Messages", "Device {device_id} is revoked: the server refuses its requests from now on."
)
MSG_NO_DEVICES = QT_TRANSLATE_NOOP("Messages", "No device is enrolled yet.")
MSG_DEVICE_PERSONS = QT_TRANSLATE_NOOP(
    "Messages",
    "Device {device_id} is used by {persons}: petitions accusing them, and their files, "
    "never reach it.",
)
MSG_NO_DEVICE_PERSONS = QT_TRANSLATE_NOOP("Messages", "No person is listed for device {device_id}.")
MSG_NO_AUDIT = QT_TRANSLATE_NOOP(
    "Messages", "The server holds no audit entry of device {device_id} yet."
)
MSG_PURGED = QT_TRANSLATE_NOOP(
    "Messages",
    "Removed {count} audit entries received before {before}; each device's last entry is kept.",
)
MSG_BAD_DAY = QT_TRANSLATE_NOOP("Messages", "“{day}” is not a date: write it as YYYY-MM-DD.")
MSG_DEVICE_NEEDED = QT_TRANSLATE_NOOP("Messages", "Name the device with --device DEVICE_ID.")
MSG_NOT_INITIALISED = QT_TRANSLATE_NOOP(
    "Messages", "The server database {db} is not set up: run gridapp-server init first."
)
MSG_NEWER = QT_TRANSLATE_NOOP(
    "Messages",
    "The server database was written by a newer gridapp-server (schema {found}, this one "
    "knows {known}): upgrade the program.",
)
MSG_DB_ERROR = QT_TRANSLATE_NOOP("Messages", "Cannot use the server database: {error}")
MSG_PLACES_ERROR = QT_TRANSLATE_NOOP("Messages", "Cannot read the places file: {error}")
MSG_REFUSED = QT_TRANSLATE_NOOP("Messages", "Refused ({reason}): {detail}")
MSG_ACTIVE = QT_TRANSLATE_NOOP("Messages", "active")
MSG_REVOKED_AT = QT_TRANSLATE_NOOP("Messages", "revoked {time}")
MSG_NEVER = QT_TRANSLATE_NOOP("Messages", "never")
MSG_TLS_PAIR = QT_TRANSLATE_NOOP(
    "Messages", "--tls-cert and --tls-key go together: give both files or neither."
)
MSG_TLS_FILE = QT_TRANSLATE_NOOP("Messages", "Cannot read the TLS file {path}.")
MSG_BAD_OPTION = QT_TRANSLATE_NOOP("Messages", "Refused: {error}")


class _Unusable(Exception):
    """The database cannot be used (exit 2)."""


def _engine(url: str, *, create: bool = False) -> sa.Engine:
    """The engine of ``url``; an existing, set-up database unless ``create``."""
    if url.startswith("sqlite:///") and not create:
        path = Path(url.removeprefix("sqlite:///"))
        if not path.exists():
            raise _Unusable(tr(MSG_NOT_INITIALISED, db=url))
    engine = make_engine(url)
    if not create:
        with engine.connect() as conn:
            found = current_version(conn)
        if found == 0:
            raise _Unusable(tr(MSG_NOT_INITIALISED, db=url))
        if found > LATEST:
            raise _Unusable(tr(MSG_NEWER, found=found, known=LATEST))
        migrate(engine)
    return engine


def _init(args: argparse.Namespace) -> int:
    places: list[core.PlaceRow] = []
    if args.places:
        try:
            places = core.read_places(Path(args.places), args.county)
        except (OSError, ValueError, KeyError) as exc:
            print(tr(MSG_PLACES_ERROR, error=str(exc)), file=sys.stderr)
            return EXIT_REFUSED
    engine = _engine(args.db, create=True)
    written = core.init(engine, args.county, args.name, places)
    print(tr(MSG_INITIALISED, county=args.county, name=args.name, places=written))
    return EXIT_OK


def _enroll(args: argparse.Namespace) -> int:
    scopes = [code.strip() for code in args.scope.split(",") if code.strip()]
    code = core.create_enrolment(_engine(args.db), scopes, args.role)
    print(code)
    print(tr(MSG_CODE_NOTE, scopes=",".join(scopes), role=args.role), file=sys.stderr)
    return EXIT_OK


def _devices(args: argparse.Namespace) -> int:
    rows = core.devices(_engine(args.db))
    if args.json:
        json.dump(rows, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
        return EXIT_OK
    if not rows:
        print(tr(MSG_NO_DEVICES))
        return EXIT_OK
    for r in rows:
        state = tr(MSG_REVOKED_AT, time=r["revoked_at"]) if r["revoked_at"] else tr(MSG_ACTIVE)
        seen = r["last_seen_at"] or tr(MSG_NEVER)
        print(
            "\t".join(
                [
                    r["device_id"],
                    r["prefix"],
                    r["name"],
                    ",".join(r["scopes"]),
                    r["role"],
                    seen,
                    state,
                ]
            )
        )
    return EXIT_OK


def _revoke(args: argparse.Namespace) -> int:
    if not core.revoke(_engine(args.db), args.device_id):
        print(tr(MSG_NO_DEVICE, device_id=args.device_id), file=sys.stderr)
        return EXIT_REFUSED
    print(tr(MSG_REVOKED, device_id=args.device_id))
    return EXIT_OK


def _known_device(engine: sa.Engine, device_id: str) -> bool:
    return any(d["device_id"] == device_id for d in core.devices(engine))


def _device_persons(args: argparse.Namespace) -> int:
    from gridapp.server import blobs, confidential

    engine = _engine(args.db)
    if not _known_device(engine, args.device_id):
        print(tr(MSG_NO_DEVICE, device_id=args.device_id), file=sys.stderr)
        return EXIT_REFUSED
    if args.persons or args.clear:
        blobs.set_device_persons(
            engine, args.device_id, blobs.resolve_persons(engine, args.persons)
        )
    with engine.connect() as conn:
        persons = sorted(confidential.device_persons(conn, args.device_id))
    if args.json:
        json.dump({"device_id": args.device_id, "persons": persons}, sys.stdout)
        sys.stdout.write("\n")
    elif persons:
        print(tr(MSG_DEVICE_PERSONS, device_id=args.device_id, persons=", ".join(persons)))
    else:
        print(tr(MSG_NO_DEVICE_PERSONS, device_id=args.device_id))
    return EXIT_OK


def _audit(args: argparse.Namespace) -> int:
    from gridapp.server import audit

    if args.what == "purge":
        return _audit_purge(args)
    if not args.device:
        print(tr(MSG_DEVICE_NEEDED), file=sys.stderr)
        return EXIT_REFUSED
    engine = _engine(args.db)
    if not _known_device(engine, args.device):
        print(tr(MSG_NO_DEVICE, device_id=args.device), file=sys.stderr)
        return EXIT_REFUSED
    trail = audit.device_trail(engine, args.device)
    if args.json:
        for entry in trail:
            entry["detail"] = json.loads(entry["detail"])
        json.dump(trail, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
        return EXIT_OK
    if not trail:
        print(tr(MSG_NO_AUDIT, device_id=args.device))
    for e in trail:
        fields = (e["client_wall"], e["user_id"], e["action"], e["tbl"], e["row_id"])
        print("\t".join([str(e["seq"]), *fields]))
    return EXIT_OK


def _audit_purge(args: argparse.Namespace) -> int:
    from datetime import date

    from gridapp.server import audit

    try:
        before = date.fromisoformat(args.before or "")
    except ValueError:
        print(tr(MSG_BAD_DAY, day=args.before or ""), file=sys.stderr)
        return EXIT_REFUSED
    removed = audit.purge(_engine(args.db), before)  # RetentionError: refused, exit 1
    print(tr(MSG_PURGED, count=removed, before=before.isoformat()))
    return EXIT_OK


def _serve(args: argparse.Namespace) -> int:
    import uvicorn

    from gridapp.server.app import create_app

    if bool(args.tls_cert) != bool(args.tls_key):
        print(tr(MSG_TLS_PAIR), file=sys.stderr)
        return EXIT_REFUSED
    for path in (args.tls_cert, args.tls_key):
        if path and not (Path(path).is_file() and os.access(path, os.R_OK)):
            print(tr(MSG_TLS_FILE, path=path), file=sys.stderr)
            return EXIT_REFUSED
    if args.rate_limit < 0:
        print(tr(MSG_BAD_OPTION, error="--rate-limit >= 0"), file=sys.stderr)
        return EXIT_REFUSED
    try:
        app = create_app(
            _engine(args.db), min_app_version=args.min_app_version, rate_limit=args.rate_limit
        )
    except ValueError as exc:
        print(tr(MSG_BAD_OPTION, error=str(exc)), file=sys.stderr)
        return EXIT_REFUSED
    uvicorn.run(
        app,
        host=args.host,
        port=args.port,
        ssl_certfile=args.tls_cert,
        ssl_keyfile=args.tls_key,
        proxy_headers=args.proxy_headers,
        forwarded_allow_ips=args.forwarded_allow_ips,
    )
    return EXIT_OK


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="gridapp-server", description="网格通 county server / 县级同步服务器"
    )
    parser.add_argument("--version", action="version", version=f"gridapp-server {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    def command(name: str, help_text: str) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=help_text)
        p.add_argument("--db", default=DEFAULT_DB, metavar="URL", help=f"default {DEFAULT_DB}")
        return p

    p = command("init", "create or upgrade the database, record the county and its places")
    p.add_argument("--county", required=True, metavar="CODE", help="6-digit county code")
    p.add_argument("--name", required=True, help="the county's name")
    p.add_argument("--places", metavar="FILE", help="places: JSON list or CSV with code,name")
    p.set_defaults(func=_init)

    p = command("enroll", "print a one-time enrolment code for a new PC")
    p.add_argument("--scope", required=True, metavar="CODE[,CODE…]", help="area codes")
    p.add_argument("--role", choices=core.ROLES, default="worker")
    p.set_defaults(func=_enroll)

    p = command("devices", "list the enrolled devices")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=_devices)

    p = command("revoke", "revoke a device (it gets 401 from now on)")
    p.add_argument("device_id", metavar="DEVICE_ID")
    p.set_defaults(func=_revoke)

    p = command(
        "device-persons",
        "list or set who uses a device: petitions accusing them, and their files, never reach it",
    )
    p.add_argument("device_id", metavar="DEVICE_ID")
    p.add_argument(
        "persons", nargs="*", metavar="PERSON", help="person record ids or ID numbers (replace)"
    )
    p.add_argument("--clear", action="store_true", help="no person any more")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=_device_persons)

    p = command(
        "audit",
        "print a device's audit trail as the server holds it; 'purge --before DAY' removes "
        "entries received before DAY (at least six months ago)",
    )
    p.add_argument("what", nargs="?", choices=("trail", "purge"), default="trail")
    p.add_argument("--device", metavar="DEVICE_ID", help="the device (trail)")
    p.add_argument("--before", metavar="YYYY-MM-DD", help="purge: received before this day")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=_audit)

    p = command("serve", "serve the sync API over HTTP (HTTPS with --tls-cert/--tls-key)")
    p.add_argument("--host", default="127.0.0.1", help="default 127.0.0.1")
    p.add_argument("--port", type=int, default=8470, help="default 8470")
    p.add_argument("--tls-cert", metavar="FILE", help="certificate (PEM, with its chain)")
    p.add_argument("--tls-key", metavar="FILE", help="the certificate's private key (PEM)")
    p.add_argument(
        "--rate-limit",
        type=int,
        default=RATE_LIMIT,
        metavar="N",
        help=f"requests per minute per device, 0 for none (default {RATE_LIMIT})",
    )
    p.add_argument(
        "--min-app-version", metavar="V", help="PCs with an older program get 426 (upgrade)"
    )
    p.add_argument(
        "--proxy-headers",
        action="store_true",
        help="behind a reverse proxy (nginx): trust its X-Forwarded-* headers",
    )
    p.add_argument(
        "--forwarded-allow-ips",
        default="127.0.0.1",
        metavar="IPS",
        help="proxies trusted with --proxy-headers (default 127.0.0.1)",
    )
    p.set_defaults(func=_serve)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return int(args.func(args))
    except _Unusable as exc:
        print(str(exc), file=sys.stderr)
        return EXIT_DATABASE
    except NewerSchemaError as exc:
        print(tr(MSG_NEWER, found=exc.found, known=exc.known), file=sys.stderr)
        return EXIT_DATABASE
    except core.SetupError as exc:
        print(tr(MSG_REFUSED, reason=exc.reason, detail=exc.detail), file=sys.stderr)
        return EXIT_DATABASE if exc.reason == "not_initialised" else EXIT_REFUSED
    except core.ServerError as exc:
        print(tr(MSG_REFUSED, reason=exc.reason, detail=exc.detail), file=sys.stderr)
        return EXIT_REFUSED
    except sa.exc.SQLAlchemyError as exc:
        print(
            tr(MSG_DB_ERROR, error=str(getattr(exc, "orig", None) or exc).strip()), file=sys.stderr
        )
        return EXIT_DATABASE


if __name__ == "__main__":
    sys.exit(main())
