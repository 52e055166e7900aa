"""Petition attachments: encrypted on disk, stored once per content, refused with reasons,
damage noticed, only the row travels in the outbox, unreferenced blobs collected."""

from __future__ import annotations

import json
import struct
import uuid
import zlib
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

from gridapp.models.petition import Petition
from gridapp.store import attachments as att
from gridapp.store.attachments import (
    ATTACHMENTS_FILE,
    AlreadyAttachedError,
    AttachmentCorruptError,
    AttachmentMissingError,
    AttachmentStore,
    AttachmentTooLargeError,
    AttachmentTypeError,
    AttachmentUnreadableError,
    sniff_mime,
)
from gridapp.store.bulk import insert_rows
from gridapp.store.connection import connect
from gridapp.store.db import Store
from gridapp.store.errors import NewerSchemaError, NotFoundError
from gridapp.store.households import new_id
from gridapp.store.rows import to_row
from tests.factories import VILLAGE


def png(marker: bytes, padding: int = 0) -> bytes:
    """A valid 1×1 PNG carrying ``marker`` in a text chunk (stored as is, easy to grep for);
    ``padding`` more bytes of text make it bigger."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        return (
            struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
        )

    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0))
        + chunk(b"tEXt", b"Comment\x00" + marker + b"." * padding)
        + chunk(b"IDAT", zlib.compress(b"\x00\xff\x00\x00"))
        + chunk(b"IEND", b"")
    )


def marker() -> bytes:
    return b"GRIDAPP-SCAN-" + uuid.uuid4().hex.encode()


def add_petition(store: Store, reg_no: str = "TEST-2024-000001") -> Petition:
    """A petition row with the columns attachments care about (the petition repository and
    its columns grow on their own)."""
    petition = Petition(
        id=new_id(),
        reg_no=reg_no,
        reg_date=date(2024, 5, 6),
        channel="visit",
        kind="complaint",
        summary="道路破损",
        area_code=VILLAGE,
    )
    row = to_row(petition)
    with store.write("register petition") as capture:
        insert_rows(capture, "petition", PETITION_COLUMNS, [row])
    return petition


PETITION_COLUMNS = ("id", "reg_no", "reg_date", "channel", "kind", "summary", "area_code")


def plaintext_hits(data_dir: Path, needle: bytes) -> list[str]:
    return [p.name for p in data_dir.rglob("*") if p.is_file() and needle in p.read_bytes()]


def state(store: Store, files: AttachmentStore) -> dict[str, Any]:
    """Everything an attach could change: rows, outbox, audit, the blobs."""
    blobs = (
        files.conn.execute("SELECT sha256, created_at FROM blob ORDER BY sha256").fetchall()
        if files.path.exists()
        else None
    )
    return {
        "rows": store.query("SELECT * FROM petition_attachment ORDER BY id"),
        "outbox": store.query("SELECT count(*) AS n FROM outbox"),
        "audit": store.query("SELECT count(*) AS n FROM audit_log"),
        "blobs": blobs,
    }


@pytest.fixture
def files(store: Store) -> Any:
    with AttachmentStore(store) as f:
        yield f


def test_the_bytes_are_encrypted_on_disk_and_read_back(
    store: Store, files: AttachmentStore, tmp_path: Path
) -> None:
    secret = marker()
    source = tmp_path / "身份证复印件.png"
    source.write_bytes(png(secret))
    petition = add_petition(store)
    attachment = files.attach(petition.id, source)
    assert (attachment.filename, attachment.mime, attachment.size) == (
        "身份证复印件.png",
        "image/png",
        source.stat().st_size,
    )
    assert attachment.area_code == VILLAGE
    data_dir = store.data_dir
    assert (data_dir / ATTACHMENTS_FILE).exists()
    assert (data_dir / (ATTACHMENTS_FILE + "-wal")).exists()
    assert plaintext_hits(data_dir, secret) == []  # while open: the WAL holds the new pages
    assert files.read(attachment.sha256) == source.read_bytes()
    backup = files.backup()
    files.close()
    store.close()
    assert plaintext_hits(data_dir, secret) == []
    raw = (data_dir / ATTACHMENTS_FILE).read_bytes()
    assert not raw.startswith(b"SQLite format 3")
    # Encrypted with the register's key: it opens with that key, and so does the backup.
    with Store.open(data_dir) as again, AttachmentStore(again) as reopened:
        assert reopened.read(attachment.sha256) == source.read_bytes()
        assert [a.id for a in reopened.attachments_of(petition.id)] == [attachment.id]
        copy = connect(backup, again.key.key)
        assert copy.execute("SELECT count(*) FROM blob").fetchone()[0] == 1
        copy.close()


def test_the_same_content_is_stored_once(store: Store, files: AttachmentStore) -> None:
    data = png(marker())
    first, second = add_petition(store, "TEST-2024-000001"), add_petition(store, "TEST-2024-000002")
    a = files.attach_bytes(first.id, data, "现场照片.png")
    b = files.attach_bytes(second.id, data, r"C:\Users\网格员\Desktop\照片 2.png")
    info = files.add_bytes(data, "again.png")
    assert a.sha256 == b.sha256 == info.sha256
    assert b.filename == "照片 2.png"  # the base name only, whatever the path style
    assert files.conn.execute("SELECT count(*) FROM blob").fetchone()[0] == 1
    assert [x.id for x in files.attachments_of(first.id)] == [a.id]
    assert [x.id for x in files.attachments_of(second.id)] == [b.id]
    # The same file again on the same petition: refused, nothing changes.
    before = state(store, files)
    with pytest.raises(AlreadyAttachedError) as info_:
        files.attach_bytes(first.id, data, "copy.png")
    assert "现场照片.png" in info_.value.text()
    assert "已" in info_.value.text()
    assert state(store, files) == before


def test_refusals_change_nothing(store: Store, files: AttachmentStore, tmp_path: Path) -> None:
    petition = add_petition(store)
    files.attach_bytes(petition.id, png(marker()), "first.png")
    before = state(store, files)

    oversize = tmp_path / "big.png"
    oversize.write_bytes(png(b"x", padding=att.MAX_BYTES))
    with pytest.raises(AttachmentTooLargeError) as big:
        files.attach(petition.id, oversize)
    assert "big.png" in big.value.text()
    assert "20.1 MB" in big.value.text() and "最大 20 MB" in big.value.text()
    assert "未添加" in big.value.text()
    with pytest.raises(AttachmentTooLargeError):
        files.add_bytes(oversize.read_bytes(), "big.png")

    # The type comes from the content, not the name: a text file called .jpg is refused…
    fake = tmp_path / "照片.jpg"
    fake.write_bytes(b"just some text, not a photo")
    with pytest.raises(AttachmentTypeError) as wrong:
        files.attach(petition.id, fake)
    assert "照片.jpg" in wrong.value.text()
    assert "PDF" in wrong.value.text() and "文件内容" in wrong.value.text()
    for data in (b"", b"GIF89a" + b"\x00" * 20, b"PK\x03\x04 a zip or docx"):
        with pytest.raises(AttachmentTypeError):
            files.attach_bytes(petition.id, data, "x.png")

    with pytest.raises(AttachmentUnreadableError) as unreadable:
        files.attach(petition.id, tmp_path / "no such file.png")
    assert "无法读取" in unreadable.value.text() and "no such file.png" in unreadable.value.text()
    with pytest.raises(NotFoundError):
        files.attach_bytes("no-such-petition", png(marker()), "a.png")
    assert state(store, files) == before

    # …and a PNG called .txt is taken, as a PNG.
    renamed = tmp_path / "scan.txt"
    renamed.write_bytes(png(marker()))
    assert files.attach(petition.id, renamed).mime == "image/png"


@pytest.mark.parametrize(
    ("head", "mime"),
    [
        (b"\xff\xd8\xff\xe0\x00\x10JFIF", "image/jpeg"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "image/png"),
        (b"II*\x00\x08\x00\x00\x00", "image/tiff"),
        (b"MM\x00*\x00\x00\x00\x08", "image/tiff"),
        (b"%PDF-1.7\n", "application/pdf"),
        (b"\r\n" * 10 + b"%PDF-1.4\n", "application/pdf"),  # a scanner's preamble
        (b"GIF89a", None),
        (b"<html>", None),
        (b"\xff\xd8", None),
    ],
)
def test_type_sniffing(head: bytes, mime: str | None) -> None:
    assert sniff_mime(head + b"\x00" * 64) == mime


def test_a_changed_blob_is_reported_as_damaged(store: Store, files: AttachmentStore) -> None:
    attachment = files.attach_bytes(add_petition(store).id, png(marker()), "a.png")
    other = connect(files.path, store.key.key)
    other.execute(
        "UPDATE blob SET data = ? WHERE sha256 = ?", (png(b"tampered"), attachment.sha256)
    )
    other.close()
    with pytest.raises(AttachmentCorruptError) as info:
        files.read(attachment.sha256)
    assert attachment.sha256[:12] in info.value.text()
    assert "损坏" in info.value.text()


def test_a_damaged_page_is_reported_as_damaged(store: Store, files: AttachmentStore) -> None:
    big = png(marker(), padding=400_000)  # ~100 overflow pages: the middle of the file
    attachment = files.attach_bytes(add_petition(store).id, big, "scan.png")
    files.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()
    files.close()
    with files.path.open("r+b") as f:
        f.seek(f.seek(0, 2) // 2)
        f.write(b"\x00" * 64)
    assert files.check_integrity() != []
    with pytest.raises(AttachmentCorruptError):
        files.read(attachment.sha256)


def test_missing_bytes_are_reported_and_reading_creates_nothing(
    store: Store, files: AttachmentStore
) -> None:
    sha = "ab" * 32
    assert not files.exists(sha)
    assert files.thumbnail(sha) is None
    with pytest.raises(AttachmentMissingError) as info:
        files.read(sha)
    assert "abababababab" in info.value.text()
    assert "不在本机" in info.value.text()
    assert files.collect_garbage() == 0
    assert files.check_integrity() == []
    assert not files.path.exists()


def test_the_outbox_carries_the_row_not_the_bytes(store: Store, files: AttachmentStore) -> None:
    secret = marker()
    petition = add_petition(store)
    seq = store.conn.execute("SELECT max(device_seq) FROM outbox").fetchone()[0]
    audit = store.conn.execute("SELECT max(seq) FROM audit_log").fetchone()[0]
    attachment = files.attach_bytes(petition.id, png(secret), "合同.png")
    entries = store.query("SELECT * FROM outbox WHERE device_seq > ?", (seq,))
    assert [(e["tbl"], e["op"], e["row_id"]) for e in entries] == [
        ("petition_attachment", "create", attachment.id)
    ]
    payload = json.loads(entries[0]["changes"])
    assert payload == {
        "id": attachment.id,
        "petition_id": petition.id,
        "sha256": attachment.sha256,
        "filename": "合同.png",
        "mime": "image/png",
        "size": attachment.size,
        "area_code": VILLAGE,
    }
    assert entries[0]["area_code"] == VILLAGE
    # One user action: one audit entry.
    actions = store.query("SELECT action, tbl, row_id FROM audit_log WHERE seq > ?", (audit,))
    assert actions == [
        {"action": "attach file", "tbl": "petition_attachment", "row_id": attachment.id}
    ]
    # Nothing in the register holds the bytes (it is synced row by row).
    rows = store.conn.execute("SELECT changes FROM outbox").fetchall()
    assert not any(secret.decode() in r[0] for r in rows)

    changes = files.detach(attachment.id)
    assert changes.touches("petition_attachment")
    last = store.query("SELECT tbl, op, row_id FROM outbox ORDER BY device_seq DESC LIMIT 1")
    assert last == [{"tbl": "petition_attachment", "op": "delete", "row_id": attachment.id}]
    assert files.attachments_of(petition.id) == []
    assert files.exists(attachment.sha256)  # the blob stays until garbage collection
    with pytest.raises(NotFoundError):
        files.detach(attachment.id)


def test_garbage_collection_keeps_referenced_blobs(store: Store, files: AttachmentStore) -> None:
    first, second = add_petition(store, "TEST-2024-000001"), add_petition(store, "TEST-2024-000002")
    shared, alone, stray = png(marker()), png(marker()), png(marker())
    a1 = files.attach_bytes(first.id, shared, "shared.png")
    files.attach_bytes(second.id, shared, "shared.png")
    b = files.attach_bytes(second.id, alone, "alone.png")
    c = files.add_bytes(stray, "stray.png")  # stored, never attached (e.g. a cancelled attach)
    files.detach(a1.id)  # still attached to the second petition
    files.detach(b.id)
    # Fresh blobs are spared (an attach in progress writes the blob before its row).
    assert files.collect_garbage() == 0
    assert files.collect_garbage(grace=timedelta(0)) == 2
    assert files.read(a1.sha256) == shared
    assert not files.exists(b.sha256)
    assert not files.exists(c.sha256)
    with pytest.raises(AttachmentMissingError):
        files.read(c.sha256)
    assert files.collect_garbage(grace=timedelta(0)) == 0


def test_collected_blobs_give_their_space_back(store: Store, files: AttachmentStore) -> None:
    attachment = files.attach_bytes(add_petition(store).id, png(marker(), 2_000_000), "a.png")
    pages = files.conn.execute("PRAGMA page_count").fetchone()[0]
    files.detach(attachment.id)
    assert files.collect_garbage(grace=timedelta(0)) == 1
    after = files.conn.execute("PRAGMA page_count").fetchone()[0]
    assert after < pages // 10
    assert files.conn.execute("PRAGMA freelist_count").fetchone()[0] == 0


def test_thumbnails_are_kept_beside_the_blob(store: Store, files: AttachmentStore) -> None:
    info = files.add_bytes(png(marker()), "photo.png")
    assert files.thumbnail(info.sha256) is None
    thumb = png(b"thumb")
    files.set_thumbnail(info.sha256, thumb)
    assert files.thumbnail(info.sha256) == thumb
    assert files.thumbnail(info.sha256.upper()) == thumb
    with pytest.raises(ValueError):
        files.set_thumbnail(info.sha256, b"\xff\xd8\xff not a png")
    with pytest.raises(AttachmentMissingError):
        files.set_thumbnail("cd" * 32, thumb)


def test_an_attachment_file_from_a_newer_program_is_refused(store: Store) -> None:
    with AttachmentStore(store) as files:
        files.add_bytes(png(marker()), "a.png")
        files.conn.execute(f"PRAGMA user_version = {att.SCHEMA_VERSION + 1}")
    with AttachmentStore(store) as files, pytest.raises(NewerSchemaError) as info:
        files.read("ab" * 32)
    assert "更新" in info.value.text()


def test_a_long_or_empty_name(store: Store, files: AttachmentStore) -> None:
    data = png(marker())
    info = files.add_bytes(data, "长" * 300 + ".png")
    assert len(info.filename) == att.MAX_FILENAME
    assert info.filename.endswith(".png")
    assert files.add_bytes(data, "").filename == info.sha256[:12] + ".png"
