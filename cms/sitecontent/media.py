"""Images and documents: files under media/ plus a YAML list with their titles.

Media are matched to their database rows through `LoadedFile` records, so a file
keeps its name in `site_content/` even if storage renamed it on upload.
"""

import os
import shutil
from pathlib import Path

from django.core.files import File

from wagtail.documents import get_document_model
from wagtail.images import get_image_model

from . import yamlio
from .layout import DOCUMENTS_DIR, DOCUMENTS_LIST, IMAGES_DIR, IMAGES_LIST
from .models import LoadedFile
from .references import ContentError

MEDIA_KINDS = {
    "image": (IMAGES_DIR, IMAGES_LIST, get_image_model, ["title", "description"]),
    "document": (DOCUMENTS_DIR, DOCUMENTS_LIST, get_document_model, ["title"]),
}


def load_media(*, root: Path, kind: str, report, stored_files: list[str]) -> None:
    """Create or update the images (or documents) listed in media/<kind>s.yaml."""
    folder, listing, get_model, fields = MEDIA_KINDS[kind]
    list_file = root / listing
    if not list_file.exists():
        return
    entries, _text = yamlio.read(list_file, root=root)
    model = get_model()
    for index, entry in enumerate(entries or []):
        where = f"[{index + 1}]"
        if not isinstance(entry, dict) or not entry.get("file"):
            raise ContentError("ogni voce deve avere almeno «file» e «title»", file=listing,
                               field=where)
        unknown = set(entry) - {"file", *fields}
        if unknown:
            raise ContentError(f"campo sconosciuto (ammessi: file, {', '.join(fields)})",
                               file=listing, field=f"{where}.{sorted(unknown)[0]}")
        name = str(entry["file"])
        media_file = root / folder / name
        if not media_file.is_file():
            raise ContentError(f"il file {folder}/{name} non esiste", file=listing,
                               field=f"{where}.file")
        relative = f"{folder}/{name}"
        data = media_file.read_bytes()
        digest = yamlio.checksum(data + yamlio.dump(entry).encode())
        record = LoadedFile.objects.filter(path=relative).first()
        obj = model.objects.filter(pk=record.object_id).first() if record else None
        if record and obj and record.checksum == digest:
            report.unchanged.append(relative)
            continue
        if obj is None:
            obj = model()
        for field in fields:
            setattr(obj, field, str(entry.get(field) or ""))
        if not obj.title:
            raise ContentError("manca il titolo", file=listing, field=f"{where}.title")
        if not obj.pk or not _same_bytes(obj, data):
            with media_file.open("rb") as handle:
                obj.file = File(handle, name=name)
                obj.save()
            stored_files.append(obj.file.name)
        else:
            obj.save()
        (report.updated if record else report.created).append(relative)
        LoadedFile.objects.update_or_create(
            path=relative, defaults={"kind": kind, "checksum": digest, "object_id": obj.pk,
                                     "source": ""})


def _same_bytes(obj, data: bytes) -> bool:
    try:
        with obj.file.open("rb") as handle:
            return handle.read() == data
    except OSError:
        return False


def export_media(*, root: Path, kind: str, names: dict[int, str]) -> None:
    """Write every image (or document) of the database and its YAML list."""
    folder, listing, get_model, fields = MEDIA_KINDS[kind]
    entries = []
    for obj in get_model().objects.all():
        name = names.get(obj.pk) or os.path.basename(obj.file.name)
        target = root / folder / name
        target.parent.mkdir(parents=True, exist_ok=True)
        with obj.file.open("rb") as source, target.open("wb") as out:
            shutil.copyfileobj(source, out)
        entry = {"file": name}
        entry.update({field: getattr(obj, field) for field in fields if getattr(obj, field)})
        entries.append(entry)
    if entries:
        yamlio.write(root / listing, sorted(entries, key=lambda entry: entry["file"]))
