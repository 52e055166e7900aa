"""Thumbnails of attached photos and scans, made with Qt's image readers.

The store has no image library (Pillow is not a dependency), so it keeps a thumbnail the UI
made: ``AttachmentStore.set_thumbnail(sha256, make_thumbnail(data, mime))``. Plain QImage
work: safe on a background thread (``TaskRunner``), no widgets involved.

PDF scans get no thumbnail for now (``None``): this PySide6 installation has no QtPdf module
to render a page; the UI shows a document icon instead.
"""

from __future__ import annotations

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
from PySide6.QtGui import QImage, QImageReader, QImageWriter

from gridapp.store.attachments import PDF

THUMBNAIL_SIZE = 256  # the longer side, in pixels; smaller pictures keep their size


def make_thumbnail(data: bytes, mime: str, size: int = THUMBNAIL_SIZE) -> bytes | None:
    """PNG bytes of ``data`` scaled to fit ``size`` × ``size`` (aspect ratio kept, never
    enlarged, turned upright by the photo's EXIF orientation); None for a PDF or for data
    Qt cannot read as a picture."""
    if mime == PDF or not data:
        return None
    source = QBuffer()
    source.setData(QByteArray(data))
    source.open(QIODevice.OpenModeFlag.ReadOnly)
    reader = QImageReader(source)
    reader.setAutoTransform(True)  # phone photos are often stored sideways + an EXIF flag
    original = reader.size()
    if original.isValid() and (original.width() > size or original.height() > size):
        # JPEG decodes straight at a fraction of its size: a 12-megapixel photo stays cheap.
        # The square box fits the picture whichever way round EXIF turns it afterwards.
        reader.setScaledSize(original.scaled(size, size, Qt.AspectRatioMode.KeepAspectRatio))
    image = reader.read()
    # The reader goes before its buffer: Qt's TIFF handler touches the device when it is
    # destroyed, and Python would free the two locals in either order (a crash).
    del reader
    source.close()
    if image.isNull():
        return None
    if image.width() > size or image.height() > size:
        image = image.scaled(
            size,
            size,
            Qt.AspectRatioMode.KeepAspectRatio,
            Qt.TransformationMode.SmoothTransformation,
        )
    return _png(image)


def _png(image: QImage) -> bytes | None:
    out = QByteArray()
    target = QBuffer(out)
    target.open(QIODevice.OpenModeFlag.WriteOnly)
    # QImageWriter, not QImage.save: PySide6's stubs and runtime disagree on save's format type.
    if not QImageWriter(target, b"png").write(image):
        return None
    target.close()
    return bytes(out.data())
