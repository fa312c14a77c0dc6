"""Model fields ↔ file values, for pages, their inline children, snippets and settings.

One table of rules per field kind keeps loading and exporting exact mirrors of each
other, which is what makes the export round-trip byte-identical.
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import models

from modelcluster.fields import ParentalKey, ParentalManyToManyField
from modelcluster.models import get_all_child_relations
from taggit.managers import TaggableManager
from taggit.models import TaggedItemBase
from wagtail.documents.models import AbstractDocument
from wagtail.fields import RichTextField, StreamField
from wagtail.images.models import AbstractImage
from wagtail.models import Orderable, Page

from . import dates
from .references import (
    ContentError,
    Lookup,
    ReverseLookup,
    richtext_to_db,
    richtext_to_file,
    stream_to_db,
    stream_to_file,
)

_PAGE_FIELDS = {f.name for f in Page._meta.get_fields()}
_SKIPPED = {"id", "site", "page_ptr"}


@dataclass(frozen=True)
class Spec:
    """One field as the files see it."""

    name: str
    kind: str
    field: object


def _kind(field) -> str:
    if isinstance(field, TaggableManager):
        return "tags"
    if isinstance(field, ParentalManyToManyField | models.ManyToManyField):
        return "m2m"
    if isinstance(field, models.ForeignKey):
        related = field.related_model
        if issubclass(related, Page):
            return "page"
        if issubclass(related, AbstractImage):
            return "image"
        if issubclass(related, AbstractDocument):
            return "document"
        return "slug"
    if isinstance(field, StreamField):
        return "stream"
    if isinstance(field, RichTextField):
        return "richtext"
    if isinstance(field, models.DateTimeField):
        return "datetime"
    if isinstance(field, models.DateField):
        return "date"
    if isinstance(field, models.TimeField):
        return "time"
    if isinstance(field, models.DecimalField):
        return "decimal"
    if isinstance(field, models.CharField | models.TextField):
        return "text"
    return "plain"


def field_specs(model) -> list[Spec]:
    """The fields a file may set for `model`, in the fixed order files use."""
    is_page = issubclass(model, Page)
    specs = []
    for field in model._meta.concrete_fields:
        if field.name in _SKIPPED or (is_page and field.name in _PAGE_FIELDS):
            continue
        if field.name == "sort_order" and issubclass(model, Orderable):  # the list order
            continue
        if field.primary_key or (hasattr(field, "remote_field") and
                                 field.remote_field and field.remote_field.parent_link):
            continue
        if isinstance(field, ParentalKey):
            continue
        specs.append(Spec(field.name, _kind(field), field))
    for field in model._meta.many_to_many:
        if is_page and field.name in _PAGE_FIELDS:
            continue
        specs.append(Spec(field.name, _kind(field), field))
    if is_page:
        for relation in get_all_child_relations(model):
            if issubclass(relation.related_model, TaggedItemBase):
                continue
            if relation.field.remote_field.model is Page:  # Wagtail's own (comments)
                continue
            specs.append(Spec(relation.get_accessor_name(), "children", relation))
    return specs


class Codec:
    """Converts one object's fields, in either direction, with the anchor for dates."""

    def __init__(self, *, anchor: datetime.date | None, lookup: Lookup | None = None,
                 reverse: ReverseLookup | None = None):
        self.anchor, self.lookup, self.reverse = anchor, lookup, reverse

    # --- file → database -------------------------------------------------------------

    def to_db(self, spec: Spec, value, *, skip_pages: bool = False):
        kind, field = spec.kind, spec.field
        if value is None:
            return [] if kind in ("tags", "m2m", "children", "stream") else None
        try:
            if kind == "date":
                return dates.parse_date(value, anchor=self.anchor)
            if kind == "datetime":
                return dates.parse_datetime(value, anchor=self.anchor)
            if kind == "time":
                if isinstance(value, int):  # YAML 1.1 reads an unquoted 14:30 as 870
                    return datetime.time(value // 60, value % 60)
                return datetime.time.fromisoformat(str(value))
            if kind == "decimal":
                return Decimal(str(value))
            if kind == "text":
                return str(value)
            if kind == "page":
                return None if skip_pages else self.lookup.page(value)
            if kind == "image":
                return self.lookup.image(value)
            if kind == "document":
                return self.lookup.document(value)
            if kind == "slug":
                return self.lookup.snippet(field.related_model, value)
            if kind == "m2m":
                return [self.lookup.snippet(field.related_model, slug) for slug in _as_list(value)]
            if kind == "tags":
                tag_model = field.through.tag_model()
                if getattr(tag_model, "free_tagging", True) is False:
                    return [self.lookup.snippet(tag_model, slug) for slug in _as_list(value)]
                return [str(name) for name in _as_list(value)]
            if kind == "richtext":
                return "" if skip_pages else richtext_to_db(value, lookup=self.lookup)
            if kind == "stream":
                return [] if skip_pages else stream_to_db(field.stream_block, value,
                                                          lookup=self.lookup, where=spec.name)
        except dates.DateExpressionError as error:
            raise ContentError(str(error), field=spec.name) from None
        except (ValueError, InvalidOperation) as error:
            raise ContentError(f"valore non valido «{value}» ({error})", field=spec.name) from None
        except ContentError as error:
            raise error.located(field=spec.name) from None
        return value

    def apply(self, obj, data: dict, *, skip_pages: bool = False) -> dict:
        """Set `obj`'s own fields from `data`; returns {name: (kind, value)} for relations."""
        specs = {spec.name: spec for spec in field_specs(type(obj))}
        unknown = [key for key in data if key not in specs]
        if unknown:
            raise ContentError(f"campo sconosciuto per {type(obj)._meta.label} (ammessi: "
                               f"{', '.join(specs)})", field=unknown[0])
        later = {}
        for name, spec in specs.items():
            if name not in data:
                value = _missing_value(spec)
            else:
                value = self.to_db(spec, data[name], skip_pages=skip_pages)
            if spec.kind in ("tags", "m2m"):
                later[name] = (spec.kind, value)
            elif spec.kind == "children":
                later[name] = (spec.kind,
                               [] if skip_pages else self._children(spec, data.get(name) or []))
            elif spec.kind in ("page", "image", "document", "slug"):
                setattr(obj, spec.field.attname, value.pk if value is not None else None)
            else:
                setattr(obj, name, value)
        return later

    def _children(self, spec: Spec, items) -> list:
        model = spec.field.related_model
        parent_key = spec.field.field.name
        children = []
        for index, item in enumerate(_as_list(items)):
            where = f"{spec.name}[{index + 1}]"
            if not isinstance(item, dict):
                raise ContentError("ogni voce deve essere un dizionario di campi", field=where)
            child = model()
            try:
                self.apply(child, item)
                child.full_clean(exclude=[parent_key, "sort_order"])
            except ContentError as error:
                raise ContentError(error.detail, field=f"{where}.{error.field}") from None
            except ValidationError as error:
                raise validation_error(error, prefix=f"{where}.") from None
            if issubclass(model, Orderable):
                child.sort_order = index
            children.append(child)
        return children

    # --- database → file -------------------------------------------------------------

    def to_file(self, spec: Spec, obj, *, original=None):
        kind, field = spec.kind, spec.field
        if kind == "children":
            items = list(getattr(obj, spec.name).all())
            originals = original if isinstance(original, list) else []
            return [self.read(child, original=originals[i] if i < len(originals) else None)
                    for i, child in enumerate(items)]
        if kind == "m2m":
            return sorted(item.slug for item in getattr(obj, spec.name).all())
        if kind == "tags":
            tags = getattr(obj, spec.name).all()
            if getattr(field.through.tag_model(), "free_tagging", True) is False:
                return sorted(tag.slug for tag in tags)
            return sorted(tag.name for tag in tags)
        value = getattr(obj, field.attname)
        if value is None:
            return None
        if kind == "date":
            return dates.express_date(value, original=original, anchor=self.anchor)
        if kind == "datetime":
            return dates.express_datetime(value, original=original, anchor=self.anchor)
        if kind == "time":
            return value.strftime("%H:%M:%S" if value.second else "%H:%M")
        if kind == "decimal":
            return float(value)
        if kind == "page":
            return self.reverse.page(value)
        if kind == "image":
            return self.reverse.image(value)
        if kind == "document":
            return self.reverse.document(value)
        if kind == "slug":
            return self.reverse.snippet(field.related_model, value)
        if kind == "richtext":
            return richtext_to_file(value, reverse=self.reverse)
        if kind == "stream":
            return stream_to_file(field.stream_block, field.get_prep_value(value),
                                  reverse=self.reverse)
        return value

    def read(self, obj, *, original=None) -> dict:
        """`obj`'s own fields as file data, leaving out empty values and defaults."""
        original = original if isinstance(original, dict) else {}
        result = {}
        for spec in field_specs(type(obj)):
            value = self.to_file(spec, obj, original=original.get(spec.name))
            if not _is_default(spec, value):
                result[spec.name] = value
        return result


def _as_list(value) -> list:
    return value if isinstance(value, list) else [value]


def _missing_value(spec: Spec):
    if spec.kind in ("tags", "m2m", "children", "stream"):
        return []
    field = spec.field
    if field.has_default():
        return field.get_default()
    if field.null:
        return None
    return ""


def _is_default(spec: Spec, value) -> bool:
    if value is None or value == "" or value == []:
        return True
    field = spec.field
    if spec.kind in ("tags", "m2m", "children") or not field.has_default():
        return False
    if callable(field.default):
        return False
    default = field.default
    return value == default or (isinstance(value, str) and value == str(default))


def validation_error(error: ValidationError, *, prefix: str = "") -> ContentError:
    """A Django ValidationError as a ContentError naming the first field at fault."""
    if hasattr(error, "error_dict"):
        name, errors = next(iter(error.error_dict.items()))
        messages = [message for item in errors for message in item.messages]
        field = "" if name == "__all__" else f"{prefix}{name}"
        return ContentError("; ".join(messages), field=field)
    return ContentError("; ".join(error.messages), field=prefix.rstrip("."))
