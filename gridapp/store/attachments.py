"""Petition attachments: photos and scans, content-addressed and encrypted like the register.

The bytes live in a second SQLCipher file beside the register, ``attachments.db``, opened with
the same 32-byte key through :func:`gridapp.store.connection.connect` (same cipher, WAL,
``synchronous=FULL``, ``secure_delete``). One row per distinct content, keyed by its SHA-256:
the same file attached twice (to one petition or to several) is stored once.

The register itself (``gridapp.db``) only holds ``petition_attachment`` rows — petition,
SHA-256, file name, type, size — written through :meth:`Store.write`, so they get their outbox
and audit entries like every other row. The bytes never enter the register: it is synced row
by row, and blobs travel separately.

Order of writes: the blob is committed before the row that refers to it, so a crash between
the two leaves at most an unreferenced blob (removed by :meth:`AttachmentStore.collect_garbage`),
never a row whose file is missing here. Blobs received later by sync arrive through
:meth:`AttachmentStore.add_bytes` too. Design notes: ``docs/petition-attachments.md``.
"""

from __future__ import annotations

import hashlib
import math
import threading
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

import sqlcipher3

from gridapp.i18n import QT_TRANSLATE_NOOP
from gridapp.models.access import Permission
from gridapp.models.petition import PetitionAttachment
from gridapp.store.access import require
from gridapp.store.bulk import insert_records
from gridapp.store.connection import Connection, backup_to, check_file, connect
from gridapp.store.db import BACKUP_DIR, Changes, Store
from gridapp.store.errors import NewerSchemaError, NotFoundError, StoreError
from gridapp.store.households import new_id
from gridapp.store.rows import from_row

ATTACHMENTS_FILE = "attachments.db"
SCHEMA_VERSION = 1  # attachments.db's own schema (PRAGMA user_version)
MAX_BYTES = 20 * 1024 * 1024  # 20 MiB: a phone photo or a multi-page scan, not a video
MAX_THUMBNAIL_BYTES = 1024 * 1024
MAX_FILENAME = 200
# An unreferenced blob younger than this is kept: an attach in progress (blob written, row
# not yet) or a blob that sync delivered before its row.
GC_GRACE = timedelta(minutes=10)

JPEG = "image/jpeg"
PNG = "image/png"
TIFF = "image/tiff"
PDF = "application/pdf"
MIME_TYPES = (JPEG, PNG, TIFF, PDF)
EXTENSIONS = {JPEG: ".jpg", PNG: ".png", TIFF: ".tif", PDF: ".pdf"}
# For a file dialog's filter (the type is still sniffed from the content, never the name).
FILE_PATTERNS = "*.jpg *.jpeg *.png *.tif *.tiff *.pdf"

_PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
_TIFF_MAGICS = (b"II*\x00", b"MM\x00*", b"II+\x00", b"MM\x00+")  # classic and BigTIFF

SCHEMA = (
    """CREATE TABLE blob (
        sha256 TEXT PRIMARY KEY,
        size INTEGER NOT NULL,
        mime TEXT NOT NULL,
        data BLOB NOT NULL,
        thumb BLOB,
        created_at TEXT NOT NULL)""",
    f"PRAGMA user_version = {SCHEMA_VERSION}",
)


class AttachmentError(StoreError):
    message = QT_TRANSLATE_NOOP("Messages", "The attachment could not be stored.")


class AttachmentTooLargeError(AttachmentError):
    message = QT_TRANSLATE_NOOP(
        "Messages",
        "The file “{name}” is {size} MB; an attachment may be at most {limit} MB. "
        "Nothing was attached.",
    )


class AttachmentTypeError(AttachmentError):
    message = QT_TRANSLATE_NOOP(
        "Messages",
        "The file “{name}” is not a JPEG, PNG or TIFF picture or a PDF document "
        "(judged by its content, not its name). Nothing was attached.",
    )


class AttachmentUnreadableError(AttachmentError):
    message = QT_TRANSLATE_NOOP(
        "Messages", "The file “{name}” could not be read ({detail}). Nothing was attached."
    )


class AlreadyAttachedError(AttachmentError):
    message = QT_TRANSLATE_NOOP(
        "Messages",
        "This file is already attached to the petition (as “{name}”). Nothing was attached.",
    )


class AttachmentMissingError(AttachmentError):
    message = QT_TRANSLATE_NOOP(
        "Messages",
        "The attached file {sha} is not on this computer: it may not have been received "
        "yet, or it was removed.",
    )


class AttachmentCorruptError(AttachmentError):
    message = QT_TRANSLATE_NOOP(
        "Messages",
        "The attached file {sha} is damaged: its content no longer matches its fingerprint. "
        "Restore the data directory from a backup or attach the file again.",
    )


@dataclass(frozen=True)
class BlobInfo:
    """What was stored: the content's SHA-256 (hex), its size, sniffed type and file name."""

    sha256: str
    size: int
    mime: str
    filename: str


def sniff_mime(data: bytes) -> str | None:
    """The type of ``data`` by its leading bytes; None when it is none of :data:`MIME_TYPES`."""
    if data.startswith(b"\xff\xd8\xff"):
        return JPEG
    if data.startswith(_PNG_MAGIC):
        return PNG
    if data[:4] in _TIFF_MAGICS:
        return TIFF
    # Readers accept a PDF header anywhere in the first 1024 bytes (some scanners write a
    # preamble); "%PDF-" is what they look for.
    if b"%PDF-" in data[:1024]:
        return PDF
    return None


def _short(sha256: str) -> str:
    return sha256[:12]


def _base_name(filename: str) -> str:
    """The last part of a Windows or POSIX path."""
    return filename.replace("\\", "/").rsplit("/", 1)[-1].strip()


def _clean_filename(filename: str, sha256: str, mime: str) -> str:
    """The base name, bounded; made up from the hash if there is none."""
    name = _base_name(filename)
    if not name:
        return _short(sha256) + EXTENSIONS[mime]
    if len(name) > MAX_FILENAME:
        stem, dot, ext = name.rpartition(".")
        if dot and 0 < len(ext) <= 10:
            return stem[: MAX_FILENAME - len(ext) - 1] + "." + ext
        return name[:MAX_FILENAME]
    return name


def _too_large(filename: str, size: int) -> AttachmentTooLargeError:
    return AttachmentTooLargeError(
        name=_base_name(filename),
        # Rounded up: a file just over the limit must not read as "20.0 MB, at most 20 MB".
        size=f"{math.ceil(size * 10 / (1024 * 1024)) / 10:.1f}",
        limit=MAX_BYTES >> 20,
    )


def _read_file(path: Path) -> bytes:
    """The bytes of ``path``; a file over the limit is refused before it is read."""
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise _too_large(path.name, size)
        return path.read_bytes()
    except OSError as exc:
        raise AttachmentUnreadableError(
            name=path.name, detail=exc.strerror or type(exc).__name__
        ) from exc


def _now() -> str:
    return datetime.now().isoformat(timespec="seconds")


class AttachmentStore:
    """The attachment files of one :class:`Store` (see the module docstring).

    ``attachments.db`` is opened (and created) on first use; reading from a data directory
    that has none yet behaves as if it were empty and creates nothing. Close with
    :meth:`close` (or use as a context manager); closing the :class:`Store` does not.
    """

    def __init__(self, store: Store) -> None:
        self.store = store
        self.path = store.data_dir / ATTACHMENTS_FILE
        self._conn: Connection | None = None
        self._lock = threading.Lock()

    # --- the file ---------------------------------------------------------------------------

    def _open(self, create: bool = True) -> Connection | None:
        with self._lock:
            if self._conn is None:
                if not create and not self.path.exists():
                    return None
                conn = connect(self.path, self.store.key.key)
                try:
                    version = int(conn.execute("PRAGMA user_version").fetchone()[0])
                    if version > SCHEMA_VERSION:
                        raise NewerSchemaError(found=version, known=SCHEMA_VERSION)
                    if version == 0:
                        # collect_garbage hands the pages of removed blobs back to the file
                        # system (PRAGMA incremental_vacuum). The mode is chosen while the
                        # file is empty; in WAL mode it only takes effect through a VACUUM.
                        conn.execute("PRAGMA auto_vacuum = INCREMENTAL")
                        conn.execute("VACUUM")
                        conn.execute("BEGIN IMMEDIATE")
                        for statement in SCHEMA:
                            conn.execute(statement)
                        conn.execute("COMMIT")
                except BaseException:
                    conn.close()
                    raise
                self._conn = conn
            return self._conn

    @property
    def conn(self) -> Connection:
        """The connection to ``attachments.db``, created on first use."""
        conn = self._open()
        assert conn is not None
        return conn

    def close(self) -> None:
        with self._lock:
            if self._conn is not None:
                self._conn.close()
                self._conn = None

    def __enter__(self) -> AttachmentStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def check_integrity(self) -> list[str]:
        """What SQLite and SQLCipher find wrong with ``attachments.db`` ([] when sound or
        absent); reads the whole file on a connection of its own."""
        if not self.path.exists():
            return []
        problems = check_file(self.path, self.store.key.key)
        return problems or []

    def backup(self, dest: Path | None = None) -> Path:
        """An encrypted copy of ``attachments.db`` (online backup API)."""
        if dest is None:
            stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
            dest = self.store.data_dir / BACKUP_DIR / f"attachments-{stamp}.db"
        backup_to(self.conn, dest, self.store.key.key)
        return dest

    # --- blobs ----------------------------------------------------------------------------

    def add_file(self, path: Path | str) -> BlobInfo:
        """Store the file at ``path`` (see :meth:`add_bytes`); a file over the limit is
        refused before it is read."""
        path = Path(path)
        return self.add_bytes(_read_file(path), path.name)

    def add_bytes(self, data: bytes, filename: str) -> BlobInfo:
        """Store ``data`` under its SHA-256 unless it is there already.

        Refused (:class:`AttachmentTooLargeError`, :class:`AttachmentTypeError`) with nothing
        written: more than :data:`MAX_BYTES`, or content that is not JPEG, PNG, TIFF or PDF.
        Adding content that is already stored renews its ``created_at`` (so a garbage
        collection running meanwhile keeps it; see :meth:`collect_garbage`).
        """
        info = self._checked(data, filename)
        conn = self.conn
        conn.execute(
            "INSERT INTO blob (sha256, size, mime, data, created_at) VALUES (?,?,?,?,?)"
            " ON CONFLICT(sha256) DO UPDATE SET created_at = excluded.created_at",
            (info.sha256, info.size, info.mime, data, _now()),
        )
        return info

    def _checked(self, data: bytes, filename: str) -> BlobInfo:
        """What ``data`` would be stored as, or the refusal."""
        if len(data) > MAX_BYTES:
            raise _too_large(filename, len(data))
        mime = sniff_mime(data)
        if mime is None:
            raise AttachmentTypeError(name=_base_name(filename))
        sha256 = hashlib.sha256(data).hexdigest()
        return BlobInfo(sha256, len(data), mime, _clean_filename(filename, sha256, mime))

    def exists(self, sha256: str) -> bool:
        """Whether the content ``sha256`` is stored on this computer."""
        conn = self._open(create=False)
        if conn is None:
            return False
        row = conn.execute("SELECT 1 FROM blob WHERE sha256 = ?", (sha256.lower(),)).fetchone()
        return row is not None

    def read(self, sha256: str) -> bytes:
        """The stored bytes of ``sha256``, checked against their hash.

        :class:`AttachmentMissingError` if they are not here; :class:`AttachmentCorruptError`
        if they no longer match the hash or the file's pages fail to decrypt.
        """
        sha256 = sha256.lower()
        conn = self._open(create=False)
        if conn is None:
            raise AttachmentMissingError(sha=_short(sha256))
        try:
            row = conn.execute("SELECT data FROM blob WHERE sha256 = ?", (sha256,)).fetchone()
        except sqlcipher3.OperationalError:
            raise  # locked, interrupted: not a verdict on the file
        except sqlcipher3.DatabaseError as exc:
            raise AttachmentCorruptError(sha=_short(sha256)) from exc
        if row is None:
            raise AttachmentMissingError(sha=_short(sha256))
        data = bytes(row[0])
        if hashlib.sha256(data).hexdigest() != sha256:
            raise AttachmentCorruptError(sha=_short(sha256))
        return data

    def thumbnail(self, sha256: str) -> bytes | None:
        """The PNG thumbnail of ``sha256`` set by :meth:`set_thumbnail`, or None."""
        conn = self._open(create=False)
        if conn is None:
            return None
        row = conn.execute("SELECT thumb FROM blob WHERE sha256 = ?", (sha256.lower(),)).fetchone()
        return None if row is None or row[0] is None else bytes(row[0])

    def set_thumbnail(self, sha256: str, png: bytes) -> None:
        """Keep ``png`` as the thumbnail of ``sha256`` (made by the caller: the store has no
        image library; the UI uses :func:`gridapp.ui.thumbnails.make_thumbnail`)."""
        if not png.startswith(_PNG_MAGIC) or len(png) > MAX_THUMBNAIL_BYTES:
            raise ValueError("a thumbnail is a PNG image of at most 1 MiB")
        sha256 = sha256.lower()
        cursor = self.conn.execute("UPDATE blob SET thumb = ? WHERE sha256 = ?", (png, sha256))
        if cursor.rowcount == 0:
            raise AttachmentMissingError(sha=_short(sha256))

    def collect_garbage(self, grace: timedelta = GC_GRACE) -> int:
        """Remove blobs no live ``petition_attachment`` row refers to; returns how many.

        Blobs added (or added again) within ``grace`` stay: an attach writes the blob before
        its row, and sync may deliver a blob before the row that refers to it. The removed
        blobs' pages are zeroed (``secure_delete``) and handed back to the file system.
        """
        conn = self._open(create=False)
        if conn is None:
            return 0
        cutoff = (datetime.now() - grace).isoformat(timespec="seconds")
        referenced = {
            r[0]
            for r in self.store.conn.execute(
                "SELECT DISTINCT sha256 FROM petition_attachment WHERE deleted = 0"
            )
        }
        conn.execute("BEGIN IMMEDIATE")
        try:
            unused = [
                (sha256,)
                for sha256, created in conn.execute("SELECT sha256, created_at FROM blob")
                if sha256 not in referenced and created <= cutoff
            ]
            conn.executemany("DELETE FROM blob WHERE sha256 = ?", unused)
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")
        if unused:
            conn.execute("PRAGMA incremental_vacuum").fetchall()
        return len(unused)

    # --- petition_attachment rows -----------------------------------------------------------

    def attach(self, petition_id: str, path: Path | str) -> PetitionAttachment:
        """Attach the file at ``path`` to a petition: one user action (see :meth:`attach_bytes`)."""
        path = Path(path)
        return self.attach_bytes(petition_id, _read_file(path), path.name)

    def attach_bytes(self, petition_id: str, data: bytes, filename: str) -> PetitionAttachment:
        """Attach ``data`` to a petition, as one user action.

        Checked first, with nothing written on a refusal: the petition exists (else
        :class:`NotFoundError`), the content passes :meth:`add_bytes`' limits, and it is not
        attached to this petition already (:class:`AlreadyAttachedError`). Then the blob is
        stored and a ``petition_attachment`` row (with the petition's ``area_code``) is
        written through :meth:`Store.write`: its outbox entry carries the row, not the bytes.
        """
        rows = self.store.query(
            "SELECT area_code FROM petition WHERE id = ? AND deleted = 0", (petition_id,)
        )
        if not rows:
            raise NotFoundError(what=petition_id)
        info = self._checked(data, filename)
        same = self.store.query(
            "SELECT filename FROM petition_attachment"
            " WHERE petition_id = ? AND sha256 = ? AND deleted = 0",
            (petition_id, info.sha256),
        )
        if same:
            raise AlreadyAttachedError(name=same[0]["filename"])
        self.add_bytes(data, info.filename)
        attachment = PetitionAttachment(
            id=new_id(),
            petition_id=petition_id,
            sha256=info.sha256,
            filename=info.filename,
            mime=info.mime,
            size=info.size,
            area_code=str(rows[0]["area_code"]),
        )
        detail = {"petition": petition_id, "sha256": info.sha256, "size": info.size}
        with self.store.write(
            "attach file", detail, table="petition_attachment", row_id=attachment.id
        ) as capture:
            insert_records(capture, "petition_attachment", [attachment])
        return attachment

    def attachments_of(self, petition_id: str) -> list[PetitionAttachment]:
        """The petition's live attachments in the order they were attached; none for a role
        that may not see the petition's content (issue #8)."""
        from gridapp.store.petitions import PetitionRepository  # it imports households too

        petitions = PetitionRepository(self.store)
        try:
            if not petitions.visibility(petitions._load(petition_id)).content:
                return []
        except NotFoundError:
            pass
        rows = self.store.query(
            "SELECT * FROM petition_attachment WHERE petition_id = ? AND deleted = 0"
            " ORDER BY created_at, rowid",
            (petition_id,),
        )
        return [from_row(PetitionAttachment, r) for r in rows]

    def detach(self, attachment_id: str) -> Changes:
        """Remove an attachment from its petition: the row becomes a tombstone (outbox
        ``delete``); the blob stays until :meth:`collect_garbage` finds no row using it.
        Requires ``Permission.DELETE`` (issue #8)."""
        require(self.store, Permission.DELETE)
        rows = self.store.query(
            "SELECT * FROM petition_attachment WHERE id = ? AND deleted = 0", (attachment_id,)
        )
        if not rows:
            raise NotFoundError(what=attachment_id)
        current = from_row(PetitionAttachment, rows[0])
        detail = {"petition": current.petition_id, "sha256": current.sha256}
        with self.store.write(
            "detach file", detail, table="petition_attachment", row_id=attachment_id
        ) as capture:
            self.store.conn.execute(
                "UPDATE petition_attachment SET deleted = 1, pending = 1, updated_hlc = ?,"
                " updated_at = ? WHERE id = ?",
                (capture.hlc, capture.wall, attachment_id),
            )
            capture.deleted(
                "petition_attachment", attachment_id, current.version, current.area_code
            )
            return capture.changes
