"""References between content, as ids in the database and as names in files.

Files must not carry database ids (they differ between installations), so pages are
named by their URL path, images and documents by file name, snippets by slug. The
same translation is applied to model fields, to rich text (Wagtail's
``<a linktype="page" id="3">`` becomes ``<a linktype="page" path="/guide/">``) and to
values deep inside StreamFields, found by walking the block definitions.
"""

import os
import re
import uuid
from dataclasses import dataclass, field

from django.db.models import Model

from wagtail import blocks
from wagtail.documents import get_document_model
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.images import get_image_model
from wagtail.images.blocks import ImageChooserBlock
from wagtail.models import Page
from wagtail.snippets.blocks import SnippetChooserBlock

from .models import LoadedFile


class ContentError(Exception):
    """A mistake in a content file; the message names the file and the field, in Italian."""

    def __init__(self, message: str, *, file: str = "", field: str = ""):
        self.file, self.field, self.detail = file, field, message
        super().__init__(self._text())

    def _text(self) -> str:
        where = self.file or "contenuti"
        if self.field:
            where += f", campo «{self.field}»"
        return f"{where}: {self.detail}"

    def located(self, *, file: str = "", field: str = "") -> "ContentError":
        """The same error with the file/field filled in where they were still unknown."""
        return ContentError(self.detail, file=self.file or file,
                            field=self.field or field)


def normalise_path(path: str) -> str:
    """'/sportelli/varese' and 'sportelli/varese/' both become '/sportelli/varese/'."""
    path = "/" + str(path).strip().strip("/")
    return path if path == "/" else path + "/"


def _media_names(kind: str) -> dict[int, str]:
    return {record.object_id: os.path.basename(record.path)
            for record in LoadedFile.objects.filter(kind=kind) if record.object_id}


@dataclass
class Lookup:
    """Names in files → objects in the database (used while loading)."""

    home: Page | None
    images: dict[str, int] = field(default_factory=dict)
    documents: dict[str, int] = field(default_factory=dict)

    @classmethod
    def build(cls, *, home: Page | None) -> "Lookup":
        return cls(home=home,
                   images={name: pk for pk, name in _media_names("image").items()},
                   documents={name: pk for pk, name in _media_names("document").items()})

    def page(self, path) -> Page:
        path = normalise_path(path)
        if self.home is None:
            raise ContentError(f"la pagina «{path}» non esiste (manca la pagina iniziale)")
        url_path = self.home.url_path + path.lstrip("/")
        page = Page.objects.filter(url_path=url_path).first()
        if page is None:
            raise ContentError(f"la pagina «{path}» non esiste: controlla il percorso")
        return page

    def _media(self, *, name, table: dict[str, int], model, label: str) -> Model:
        pk = table.get(str(name))
        obj = model.objects.filter(pk=pk).first() if pk else None
        if obj is None:
            folder = "original_images" if label == "immagine" else "documents"
            obj = model.objects.filter(file=f"{folder}/{name}").first()
        if obj is None:
            raise ContentError(f"{label} «{name}» sconosciuta: aggiungila a media/ e al suo "
                               f"elenco .yaml")
        return obj

    def image(self, name) -> Model:
        return self._media(name=name, table=self.images, model=get_image_model(), label="immagine")

    def document(self, name) -> Model:
        return self._media(name=name, table=self.documents, model=get_document_model(),
                           label="documento")

    def snippet(self, model, slug) -> Model:
        obj = model.objects.filter(slug=str(slug)).first()
        if obj is None:
            raise ContentError(f"«{slug}» non è tra i {model._meta.verbose_name_plural} "
                               f"(snippets/): controlla il codice (slug)")
        return obj


@dataclass
class ReverseLookup:
    """Database ids → names for files (used while exporting)."""

    home: Page
    images: dict[int, str]
    documents: dict[int, str]

    @classmethod
    def build(cls, *, home: Page) -> "ReverseLookup":
        return cls(home=home, images=_media_names("image"), documents=_media_names("document"))

    def page(self, page_or_id) -> str:
        page = page_or_id if isinstance(page_or_id, Page) else Page.objects.get(pk=page_or_id)
        return "/" + page.url_path[len(self.home.url_path):]

    def image(self, pk) -> str:
        if pk not in self.images:
            self.images[pk] = os.path.basename(get_image_model().objects.get(pk=pk).file.name)
        return self.images[pk]

    def document(self, pk) -> str:
        if pk not in self.documents:
            self.documents[pk] = os.path.basename(
                get_document_model().objects.get(pk=pk).file.name)
        return self.documents[pk]

    @staticmethod
    def snippet(model, pk) -> str:
        return model.objects.get(pk=pk).slug


# --- rich text --------------------------------------------------------------------------

_TAG = re.compile(r"<(a|embed)\b[^>]*>")
_ATTR = re.compile(r'\b(linktype|embedtype|id|path|file)="([^"]*)"')

# (tag, type attribute, type value) → (name attribute in files, resolver name)
_RICH_REFS = {
    ("a", "linktype", "page"): ("path", "page"),
    ("a", "linktype", "document"): ("file", "document"),
    ("embed", "embedtype", "image"): ("file", "image"),
}


def _rich_kind(tag: str, attrs: dict[str, str]):
    for (ref_tag, type_attr, type_value), target in _RICH_REFS.items():
        if tag == ref_tag and attrs.get(type_attr) == type_value:
            return target
    return None


def richtext_to_db(html: str, *, lookup: Lookup) -> str:
    """File rich text → Wagtail's database format (names become ids)."""
    def replace(match):
        text = match.group(0)
        attrs = dict(_ATTR.findall(text))
        kind = _rich_kind(match.group(1), attrs)
        if kind is None:
            return text
        name_attr, resolver = kind
        if name_attr not in attrs:
            return text
        obj = getattr(lookup, resolver)(attrs[name_attr])
        return text.replace(f'{name_attr}="{attrs[name_attr]}"', f'id="{obj.pk}"', 1)

    return _TAG.sub(replace, str(html or ""))


def richtext_to_file(html: str, *, reverse: ReverseLookup) -> str:
    """Wagtail's database rich text → file format (ids become names)."""
    def replace(match):
        text = match.group(0)
        attrs = dict(_ATTR.findall(text))
        kind = _rich_kind(match.group(1), attrs)
        if kind is None or "id" not in attrs:
            return text
        name_attr, resolver = kind
        name = getattr(reverse, resolver)(int(attrs["id"]))
        return text.replace(f'id="{attrs["id"]}"', f'{name_attr}="{name}"', 1)

    return _TAG.sub(replace, str(html or ""))


# --- StreamField --------------------------------------------------------------------------

def _leaf_to_db(block, value, *, lookup: Lookup):
    if value in (None, ""):
        return value
    if isinstance(block, blocks.PageChooserBlock):
        return lookup.page(value).pk
    if isinstance(block, ImageChooserBlock):
        return lookup.image(value).pk
    if isinstance(block, DocumentChooserBlock):
        return lookup.document(value).pk
    if isinstance(block, SnippetChooserBlock):
        return lookup.snippet(block.target_model, value).pk
    if isinstance(block, blocks.RichTextBlock):
        return richtext_to_db(value, lookup=lookup)
    return value


def _leaf_to_file(block, value, *, reverse: ReverseLookup):
    if value in (None, ""):
        return value
    if isinstance(block, blocks.PageChooserBlock):
        return reverse.page(value)
    if isinstance(block, ImageChooserBlock):
        return reverse.image(value)
    if isinstance(block, DocumentChooserBlock):
        return reverse.document(value)
    if isinstance(block, SnippetChooserBlock):
        return reverse.snippet(block.target_model, value)
    if isinstance(block, blocks.RichTextBlock):
        return richtext_to_file(value, reverse=reverse)
    return value


# Block ids only need to be unique within one StreamField; derived from the block's place
# instead of random, so that loading the same files twice (a restore, the golden test)
# stores, and bakes into the API, the same bytes.
_BLOCK_IDS = uuid.UUID("6f1d3c2a-7b52-4a55-9a61-2f0e6c1b9d40")


def block_id(where: str) -> str:
    """The id of the block at `where` (e.g. ``body[3]``): stable across loads."""
    return str(uuid.uuid5(_BLOCK_IDS, where))


def stream_to_db(block, value, *, lookup: Lookup, where: str = ""):
    """File StreamField data (no ids, plain lists) → raw JSON Wagtail accepts."""
    if isinstance(block, blocks.StreamBlock):
        if not isinstance(value, list):
            raise ContentError("serve un elenco di blocchi {type, value}", field=where)
        result = []
        for index, item in enumerate(value):
            if not isinstance(item, dict) or "type" not in item:
                raise ContentError(f"il blocco n. {index + 1} deve avere «type» e «value»",
                                   field=where)
            child = block.child_blocks.get(item["type"])
            if child is None:
                known = ", ".join(block.child_blocks)
                raise ContentError(f"tipo di blocco sconosciuto «{item['type']}» (ammessi: "
                                   f"{known})", field=where)
            result.append({"type": item["type"], "value": stream_to_db(
                child, item.get("value"), lookup=lookup, where=f"{where}[{index + 1}]"),
                "id": block_id(f"{where}[{index + 1}]")})
        return result
    if isinstance(block, blocks.StructBlock):
        value = value or {}
        if not isinstance(value, dict):
            raise ContentError("serve un dizionario di campi", field=where)
        unknown = set(value) - set(block.child_blocks)
        if unknown:
            raise ContentError(f"campo sconosciuto «{sorted(unknown)[0]}» (ammessi: "
                               f"{', '.join(block.child_blocks)})", field=where)
        return {name: stream_to_db(child, value[name], lookup=lookup, where=f"{where}.{name}")
                for name, child in block.child_blocks.items() if name in value}
    if isinstance(block, blocks.ListBlock):
        return [stream_to_db(block.child_block, item, lookup=lookup, where=f"{where}[{i + 1}]")
                for i, item in enumerate(value or [])]
    try:
        return _leaf_to_db(block, value, lookup=lookup)
    except ContentError as error:
        raise error.located(field=where) from None


def _is_default(block, value) -> bool:
    if value in (None, ""):
        return True
    default = block.get_default()
    try:
        return value == block.get_prep_value(default) or value == str(default)
    except Exception:  # noqa: BLE001 - a default we cannot compare is simply written out
        return False


def stream_to_file(block, raw, *, reverse: ReverseLookup):
    """Raw StreamField JSON → file data: no ids, plain lists, names instead of ids."""
    if isinstance(block, blocks.StreamBlock):
        return [{"type": item["type"],
                 "value": stream_to_file(block.child_blocks[item["type"]], item["value"],
                                         reverse=reverse)}
                for item in raw or [] if item["type"] in block.child_blocks]
    if isinstance(block, blocks.StructBlock):
        raw = raw or {}
        return {name: stream_to_file(child, raw[name], reverse=reverse)
                for name, child in block.child_blocks.items()
                if name in raw and not _is_default(child, raw[name])}
    if isinstance(block, blocks.ListBlock):
        items = [item["value"] if isinstance(item, dict) and item.get("type") == "item" else item
                 for item in raw or []]
        return [stream_to_file(block.child_block, item, reverse=reverse) for item in items]
    return _leaf_to_file(block, raw, reverse=reverse)
