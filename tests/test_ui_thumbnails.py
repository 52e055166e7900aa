"""Thumbnails of attached photos and scans: small PNGs, upright, never enlarged; none for PDF."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QSize
from PySide6.QtGui import QColor, QImage, QImageIOHandler, QImageWriter
from PySide6.QtWidgets import QApplication

from gridapp.store.attachments import AttachmentStore
from gridapp.store.db import Store
from gridapp.ui.thumbnails import THUMBNAIL_SIZE, make_thumbnail
from tests.test_attachments import add_petition


def encoded(
    width: int,
    height: int,
    fmt: bytes,
    color: str = "#c0392b",
    transformation: QImageIOHandler.Transformation | None = None,
) -> bytes:
    image = QImage(width, height, QImage.Format.Format_RGB32)
    image.fill(QColor(color))
    out = QByteArray()
    buffer = QBuffer(out)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QImageWriter(buffer, fmt)
    if transformation is not None:
        writer.setTransformation(transformation)  # JPEG: an EXIF orientation flag
    assert writer.write(image), writer.errorString()
    buffer.close()
    return bytes(out.data())


def decoded(png: bytes | None) -> QImage:
    assert png is not None
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    image = QImage.fromData(png)
    assert not image.isNull()
    return image


@pytest.mark.parametrize(
    ("width", "height", "fmt", "mime", "expected"),
    [
        (800, 600, b"jpeg", "image/jpeg", QSize(256, 192)),
        (4000, 3000, b"jpeg", "image/jpeg", QSize(256, 192)),  # a phone photo
        (600, 1200, b"png", "image/png", QSize(128, 256)),
        (1000, 500, b"tiff", "image/tiff", QSize(256, 128)),
        (100, 40, b"png", "image/png", QSize(100, 40)),  # small pictures are not enlarged
    ],
)
def test_pictures_are_scaled_to_fit(
    qapp: QApplication, width: int, height: int, fmt: bytes, mime: str, expected: QSize
) -> None:
    thumb = decoded(make_thumbnail(encoded(width, height, fmt), mime))
    assert thumb.size() == expected
    assert max(thumb.width(), thumb.height()) <= THUMBNAIL_SIZE
    middle = thumb.pixelColor(thumb.width() // 2, thumb.height() // 2)
    assert abs(middle.red() - 0xC0) < 8 and abs(middle.green() - 0x39) < 8


def test_a_photo_taken_sideways_is_shown_upright(qapp: QApplication) -> None:
    data = encoded(
        400, 200, b"jpeg", transformation=QImageIOHandler.Transformation.TransformationRotate90
    )
    assert decoded(make_thumbnail(data, "image/jpeg")).size() == QSize(128, 256)


@pytest.mark.parametrize(
    ("data", "mime"),
    [
        (b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\n", "application/pdf"),  # PDFs: none for now
        pytest.param(
            b"\xff\xd8\xff\xe0 truncated, not really a JPEG",
            "image/jpeg",
            # Qt's JPEG reader says what it found wrong; that is expected here.
            marks=pytest.mark.qt_log_ignore("Corrupt JPEG", "JPEG datastream"),
        ),
        (b"", "image/png"),
    ],
)
def test_no_thumbnail_for_pdf_or_unreadable_data(
    qapp: QApplication, data: bytes, mime: str
) -> None:
    assert make_thumbnail(data, mime) is None


def test_a_thumbnail_kept_with_an_attached_photo(qapp: QApplication, store: Store) -> None:
    petition = add_petition(store)
    with AttachmentStore(store) as files:
        attachment = files.attach_bytes(petition.id, encoded(1600, 1200, b"jpeg"), "现场.jpg")
        assert attachment.mime == "image/jpeg"
        png = make_thumbnail(files.read(attachment.sha256), attachment.mime)
        assert png is not None
        files.set_thumbnail(attachment.sha256, png)
    with AttachmentStore(store) as files:
        assert decoded(files.thumbnail(attachment.sha256)).size() == QSize(256, 192)
