"""``gridapp enroll --server URL --code CODE`` and ``gridapp sync [--json]``: enrol this PC
with the county server and run one sync round (``docs/sync-protocol.md`` §3, §5).

Exit status: 0 done, 1 the server refused or could not be reached (nothing local is lost),
2 the store or the credentials could not be used.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from gridapp.cli.common import (
    EXIT_INVALID,
    EXIT_OK,
    open_store,
    print_json,
    terminal_passphrase,
)
from gridapp.i18n import QT_TRANSLATE_NOOP, tr
from gridapp.sync.client import SyncError, enroll, sync_once
from gridapp.sync.credentials import CredentialStore
from gridapp.sync.transfer import AuditRefusedError

MSG_ENROLLED = QT_TRANSLATE_NOOP(
    "Messages",
    "This PC is enrolled with {server}: device {device}, prefix {prefix}, scope {scopes}.",
)
MSG_SYNCED = QT_TRANSLATE_NOOP(
    "Messages",
    "Synced: {pushed} sent ({applied} accepted, {conflicts} conflicts, {rejected} rejected), "
    "{pulled} received, {removed} removed.",
)
MSG_FILES = QT_TRANSLATE_NOOP(
    "Messages", "Attachment files: {blobs_up} sent, {blobs_down} received."
)
MSG_CLOCK = QT_TRANSLATE_NOOP(
    "Messages", "This PC's clock is {minutes} minutes off the server's; please correct it."
)


def add_commands(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "enroll",
        help="enrol this PC with the county server",
        description="Enrol this PC with the county server using the one-time code printed "
        "by `gridapp-server enroll`.",
    )
    parser.add_argument("--server", required=True, metavar="URL", help="the server's address")
    parser.add_argument("--code", required=True, metavar="CODE", help="the one-time code")
    parser.add_argument("--json", action="store_true", help="print a JSON object")
    parser.set_defaults(func=cmd_enroll)

    parser = subparsers.add_parser(
        "sync",
        help="send local edits to the county server and receive others'",
        description="One sync round: send every pending local edit, then receive changes.",
    )
    parser.add_argument("--json", action="store_true", help="print a JSON object")
    parser.set_defaults(func=cmd_sync)


def _refused(args: argparse.Namespace, exc: SyncError) -> int:
    if args.json:
        print_json({"ok": False, "error": exc.text()})
    print(exc.text(), file=sys.stderr)
    return EXIT_INVALID


def cmd_enroll(args: argparse.Namespace) -> int:
    with open_store(args, create=True) as store:
        credentials = CredentialStore(store.data_dir, passphrase_provider=terminal_passphrase)
        try:
            creds = enroll(store, args.server, args.code, credentials=credentials)
        except SyncError as exc:
            return _refused(args, exc)
        prefix = store.device_prefix()
    if args.json:
        print_json(
            {
                "ok": True,
                "device_id": creds.device_id,
                "server": creds.server_url,
                "scopes": list(creds.scopes),
                "role": creds.role,
                "county": creds.county,
                "prefix": prefix,
            }
        )
        return EXIT_OK
    print(
        tr(
            MSG_ENROLLED,
            server=creds.server_url,
            device=creds.device_id,
            prefix=prefix,
            scopes=",".join(creds.scopes),
        )
    )
    return EXIT_OK


def cmd_sync(args: argparse.Namespace) -> int:
    with open_store(args) as store:
        credentials = CredentialStore(store.data_dir, passphrase_provider=terminal_passphrase)
        try:
            report = sync_once(store, credentials=credentials)
        except SyncError as exc:
            return _refused(args, exc)
    if report.clock_warning:
        print(tr(MSG_CLOCK, minutes=round(report.clock_offset_ms / 60000)), file=sys.stderr)
    if args.json:
        print_json({"ok": True, **report.as_dict()})
        return EXIT_OK
    print(tr(MSG_SYNCED, **report.as_dict()))
    if report.blobs_up or report.blobs_down:
        print(tr(MSG_FILES, blobs_up=report.blobs_up, blobs_down=report.blobs_down))
    if report.audit_error is not None:
        print(AuditRefusedError(report.audit_error).text(), file=sys.stderr)
    return EXIT_OK
