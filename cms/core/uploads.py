"""What an upload may be: the checks behind the admin's image and document forms.

The static site serves every published file from the portal's own address, so a file
that a browser would run (HTML, SVG, anything with a script) must never get in:

* documents are allowed by type — PDF, the office formats (odt, ods, docx, xlsx, doc,
  xls), images and CSV — and each is checked by its *content* (the `filetype`
  library's magic numbers, the zip layout of office files), not by its name;
* images are those Wagtail reads (JPEG, PNG, GIF, WebP; never SVG, see the settings);
  the photos' metadata (EXIF with the GPS position, XMP, IPTC, comments) is stripped
  when they are stored, since Wagtail's renditions would otherwise copy it too.
"""

from __future__ import annotations

import io
import os
import zipfile

import filetype
from PIL import Image, ImageOps

from django.core.files.base import ContentFile
from django.db.models import Model
from django.utils.translation import gettext as _

# Extension → how its content is recognised.
DOCUMENT_TYPES: dict[str, str] = {
    "pdf": "pdf", "odt": "opendocument", "ods": "opendocument", "docx": "ooxml",
    "xlsx": "ooxml", "doc": "ole", "xls": "ole", "csv": "text",
    "jpg": "image", "jpeg": "image", "png": "image", "gif": "image", "webp": "image",
}
_OPENDOCUMENT_MIMETYPES = {"odt": b"application/vnd.oasis.opendocument.text",
                           "ods": b"application/vnd.oasis.opendocument.spreadsheet"}
_OOXML_FOLDERS = {"docx": "word/", "xlsx": "xl/"}
_OLE_MAGIC = bytes.fromhex("d0cf11e0a1b11ae1")
# What a browser would take for a page, if it ever sniffed a CSV file.
_MARKUP = (b"<script", b"<html", b"<svg", b"<!doctype", b"<?xml", b"<iframe", b"<body")


def document_extensions() -> list[str]:
    """The extensions a document may have (also Wagtail's `WAGTAILDOCS_EXTENSIONS`)."""
    return sorted(DOCUMENT_TYPES)


def document_problem(*, name: str, data: bytes) -> str | None:
    """Why a document may not be published (an Italian sentence for the editor), or None."""
    extension = os.path.splitext(name)[1].lower().lstrip(".")
    kind = DOCUMENT_TYPES.get(extension)
    if not extension:
        return _("Il nome del file non dice di che tipo è (manca l'estensione, ad esempio "
                 ".pdf): rinominalo e caricalo di nuovo.")
    if kind is None:
        return _("I file .%(extension)s non sono accettati: un browser potrebbe eseguirne il "
                 "contenuto. Carica un PDF, un documento di testo o un foglio di calcolo "
                 "(odt, ods, docx, xlsx, doc, xls), un'immagine o un CSV.") % {
            "extension": extension}
    if not _content_matches(kind=kind, extension=extension, data=data):
        return _("Il contenuto del file non è un .%(extension)s, anche se il nome lo dice: "
                 "riesportalo dal programma con cui è stato creato e caricalo di nuovo.") % {
            "extension": extension}
    return None


def _content_matches(*, kind: str, extension: str, data: bytes) -> bool:
    guessed = filetype.guess_extension(data[:8192])
    if kind == "pdf":
        return guessed == "pdf"
    if kind == "image":
        return guessed == ("jpg" if extension == "jpeg" else extension)
    if kind == "ole":
        return data.startswith(_OLE_MAGIC)
    if kind in ("ooxml", "opendocument"):
        return _zip_layout_matches(kind=kind, extension=extension, data=data)
    return _is_plain_text(data)


def _zip_layout_matches(*, kind: str, extension: str, data: bytes) -> bool:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = archive.namelist()
            if kind == "opendocument":
                return "mimetype" in names and \
                    archive.read("mimetype").strip() == _OPENDOCUMENT_MIMETYPES[extension]
            return "[Content_Types].xml" in names and \
                any(name.startswith(_OOXML_FOLDERS[extension]) for name in names)
    except (zipfile.BadZipFile, KeyError, OSError):
        return False


def _is_plain_text(data: bytes) -> bool:
    if b"\x00" in data:
        return False
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        try:
            data.decode("cp1252")
        except UnicodeDecodeError:
            return False
    lowered = data.lower()
    return not lowered.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<") and \
        not any(tag in lowered for tag in _MARKUP)


# --- Image metadata ----------------------------------------------------------------

# Kept: how to show the pixels (colour profile, density, transparency, animation).
_KEPT_INFO = ("icc_profile", "dpi", "transparency", "duration", "loop", "background")
# JPEG segments that carry no metadata: JFIF (APP0), ICC profile (APP2), Adobe (APP14).
_HARMLESS_JPEG_SEGMENTS = {"APP0", "APP2", "APP14"}
_ORIENTATION = 0x0112  # the EXIF tag saying how the camera was held


def strip_image_metadata(data: bytes) -> bytes | None:
    """The image without EXIF, XMP, IPTC and comments (turned upright first, as its EXIF
    orientation said); None when it carries none, so it is stored untouched."""
    with Image.open(io.BytesIO(data)) as image:
        if not _carries_metadata(image):
            return None
        image_format = image.format
        animated = getattr(image, "is_animated", False)
        kept = {key: image.info[key] for key in _KEPT_INFO if key in image.info}
        turned = not animated and image.getexif().get(_ORIENTATION, 1) != 1
        upright = ImageOps.exif_transpose(image) if turned else image
        upright.info = dict(kept)
        options: dict = {"exif": b""} if image_format in ("JPEG", "WEBP", "PNG") else {}
        if "icc_profile" in kept:
            options["icc_profile"] = kept["icc_profile"]
        if image_format == "JPEG":
            # Re-encoded only when turned upright; otherwise its own quantisation tables.
            options |= {"quality": 90} if turned else {"quality": "keep", "subsampling": "keep"}
        elif image_format == "WEBP":
            options |= {"quality": 90}
        if animated:
            options["save_all"] = True
        out = io.BytesIO()
        upright.save(out, format=image_format, **options)
        return out.getvalue()


def _carries_metadata(image: Image.Image) -> bool:
    if len(image.getexif()):
        return True
    if any(key in image.info for key in ("exif", "xmp", "XML:com.adobe.xmp", "photoshop",
                                         "comment", "iptc")):
        return True
    if getattr(image, "text", None):  # PNG text chunks (author, software…)
        return True
    segments = {marker for marker, _content in getattr(image, "applist", [])}
    return bool(segments - _HARMLESS_JPEG_SEGMENTS)


def strip_uploaded_image(*, image: Model) -> None:
    """Replace a newly uploaded image file, not yet stored, by its stripped copy (with the
    size and hash Wagtail keeps of it). Called before every save of an image."""
    field_file = image.file
    if not field_file or getattr(field_file, "_committed", True):
        return  # nothing new: the stored file was stripped when it came in
    field_file.open("rb")
    field_file.seek(0)
    data = field_file.read()
    field_file.seek(0)
    try:
        stripped = strip_image_metadata(data)
    except (OSError, ValueError, Image.DecompressionBombError):
        return  # not an image Pillow reads (refused by the form before it gets here)
    if stripped is None:
        return
    image.file = ContentFile(stripped, name=os.path.basename(field_file.name))
    image._set_image_file_metadata()


def strip_stored_images() -> list[str]:
    """Strip the images stored before stripping existed (or put in the media folder by hand).

    Each image with metadata is rewritten under its own name, its renditions dropped so
    that they are made again from the clean original, and saved (so the next bake takes
    it). Returns the titles of the images changed; safe to run again (then it changes none).
    """
    from wagtail.images import get_image_model

    changed = []
    for image in get_image_model().objects.order_by("pk"):
        try:
            with image.file.open("rb") as stored:
                stripped = strip_image_metadata(stored.read())
        except (OSError, ValueError, Image.DecompressionBombError):
            continue  # a missing or unreadable file is the media check's to report
        if stripped is None:
            continue
        storage, name = image.file.storage, image.file.name
        storage.delete(name)
        image.file.name = storage.save(name, ContentFile(stripped))
        image._set_image_file_metadata()
        image.renditions.all().delete()
        image.save()
        changed.append(image.title)
    return changed
