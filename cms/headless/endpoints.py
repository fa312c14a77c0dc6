"""Wagtail's API v2 endpoints, with three changes the baked API needs.

1. `?flavour=baked` returns the same payload with its URLs pointing at the baked site
   (see `flavour.py`); the serializers are Wagtail's own, untouched.
2. A listing may hold up to `listing_limit_max()` items (Wagtail's default is 20), so
   that one baked file can hold a whole listing.
3. Images and documents are those used by live public pages (see `selectors.py`).

And three that only make it faster: a type listing (`?type=guides.GuidePage&fields=*`,
a whole type in one file) reads each page's locale, tags and chosen objects (an image,
a partner) with the listing instead of with queries per page; tags are sorted by name
in Python, the same order on every database. And a detail request may carry its page
already loaded (`PRELOADED_PAGE`): the bake loads a thousand records' pages in a few
queries (`bake.preload_records`) instead of a dozen queries each, and with it the batch
it belongs to (`RecordBatch`): the batch's first request of a page type serializes the
records of all its pages of that type at once, as a listing does, and the others only
render theirs (one serializer, not one per record, whose fields DRF builds each time;
which of their parents the API shows is read once for the batch, not once per record).
And a listing request may carry the records the live build already holds of pages an
edit did not change (`KNOWN_RECORDS`, from `bake.reusable_records`): after one edit, a
listing of thousands of pages serializes the edited few, while its order and count are
still the listing's own.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable

from rest_framework.response import Response

from django.conf import settings
from django.db.models import Prefetch, QuerySet

from taggit.managers import TaggableManager
from wagtail.api.v2.pagination import WagtailPagination
from wagtail.api.v2.serializers import (
    PageParentField,
    PageSerializer,
    TagsField,
    get_serializer_class,
)
from wagtail.api.v2.utils import BadRequestError
from wagtail.api.v2.views import PagesAPIViewSet
from wagtail.documents.api.v2.views import DocumentsAPIViewSet
from wagtail.images.api.v2.views import ImagesAPIViewSet
from wagtail.models import Page, Site

from cms.core.site_settings import public_base_url

from .flavour import FLAVOUR_PARAM, bake_payload, wants_baked_flavour
from .selectors import public_pages, used_object_ids

# Large enough for a network's whole portal in one file, small enough to stay a JSON
# file a browser can fetch; `WAGTAILAPI_LIMIT_MAX` in the settings overrides it.
DEFAULT_LISTING_LIMIT_MAX = 1000
# The request attribute holding a detail record's page, loaded in bulk by the bake.
PRELOADED_PAGE = "_rete_api_page"
# The request attribute holding, for a listing the bake rewrites, records it may reuse:
# page id → the record (baked flavour) the live build's copy of the listing holds.
KNOWN_RECORDS = "_rete_api_known_records"
# The request attribute holding the `RecordBatch` of the detail records asked together.
RECORD_BATCH = "_rete_api_record_batch"
# The serializer context key holding, for a `RecordBatch`, the ids of its records'
# parents that the API shows (see `BatchedParentField`).
SHOWN_PARENTS = "rete_shown_parents"


def listing_limit_max() -> int:
    """How many items one listing response (and so one baked listing file) may hold."""
    return getattr(settings, "WAGTAILAPI_LIMIT_MAX", None) or DEFAULT_LISTING_LIMIT_MAX


class WholeListingPagination(WagtailPagination):
    """Wagtail's offset/limit pagination with `listing_limit_max()` as the ceiling.

    Written out because Wagtail reads its ceiling (default 20) inside the method; the
    response shape (`meta.total_count`, `items`) is Wagtail's, unchanged.
    """

    def paginate_queryset(self, queryset, request, view=None):
        limit_max = listing_limit_max()
        try:
            offset = int(request.GET.get("offset", 0))
            if offset < 0:
                raise ValueError
        except ValueError as error:
            raise BadRequestError("offset must be a positive integer") from error
        try:
            limit = int(request.GET.get("limit", 20))
            if limit < 0:
                raise ValueError
        except ValueError as error:
            raise BadRequestError("limit must be a positive integer") from error
        if limit > limit_max:
            raise BadRequestError(f"limit cannot be higher than {limit_max}")
        self.view = view
        self.total_count = queryset.count()
        return queryset[offset:offset + limit]

    def get_paginated_response(self, data):
        return Response(OrderedDict([("meta", OrderedDict([("total_count", self.total_count)])),
                                     ("items", data)]))


class RecordBatch:
    """Pages whose detail records a bake asks for together, and those serialized so far.

    Keyed by the query too, so only records asked for alike are ever shared.
    """

    def __init__(self, pages: list[Page]) -> None:
        self.pages = pages
        self.records: dict[tuple[str, int], dict] = {}

    def record(self, page: Page, *, query: str,
               serialize: Callable[[list[Page]], list[dict]]) -> dict | None:
        """`page`'s record, serializing those of all the batch's pages of its type if needed;
        None if `page` is not one of the batch's, or if one of them fails: then each is
        serialized alone, so that the error names the page that has it."""
        if not any(other is page for other in self.pages):
            return None
        if (query, page.pk) not in self.records:
            same = [other for other in self.pages if type(other) is type(page)]
            try:
                records = serialize(same)
            except Exception:  # noqa: BLE001 - served one by one, the failing page says it
                return None
            for other, data in zip(same, records, strict=True):
                self.records[(query, other.pk)] = data
        return self.records[(query, page.pk)]


class BakedFlavourMixin:
    """Answer `?flavour=baked` with the payload rewritten for the static site."""

    pagination_class = WholeListingPagination

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if response.status_code == 200 and wants_baked_flavour(request.GET):
            response.data = bake_payload(response.data, base_url=public_base_url())
        return response


class UsedByPublicPagesMixin:
    """Limit a media endpoint to what live public pages of the requested site use."""

    def get_queryset(self):
        queryset = super().get_queryset()
        site = Site.find_for_request(self.request)
        if site is None:
            return queryset.none()
        used = used_object_ids(model=queryset.model, pages=public_pages(site=site))
        return queryset.filter(pk__in=used)


class PrefetchedTagsField(TagsField):
    """Tag names sorted by name, read from the tags a listing prefetched (if it did)."""

    def to_representation(self, value):
        tags = getattr(value.instance, prefetched_tags_attr(self.source), None)
        return sorted(tag.name for tag in (value.all() if tags is None else tags))


def prefetched_tags_attr(name: str) -> str:
    """The attribute holding, as a list, the tags `with_what_the_api_reads` prefetched.

    A list rather than the manager's prefetch cache: filling that cache builds a tag
    queryset per page only to hold the list (about half a millisecond a page).
    """
    return f"_rete_api_{name}"


class BatchedParentField(PageParentField):
    """Wagtail's `parent` field. Serializing a `RecordBatch`, which parents the API shows
    is read once for the batch (`SHOWN_PARENTS`) instead of with a query per record,
    and each type of parent is serialized by one serializer, not one built per record."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self._serializers: dict[type, PageSerializer] = {}  # by parent type

    def get_attribute(self, instance):
        shown = self.context.get(SHOWN_PARENTS)
        if shown is None:
            return super().get_attribute(instance)
        parent = instance.get_parent()
        return parent if parent is not None and parent.pk in shown else None

    def to_representation(self, value):
        # The serializer Wagtail's `PageParentField.to_representation` builds, kept.
        if type(value) not in self._serializers:
            self._serializers[type(value)] = get_serializer_class(
                type(value), ["id", "type", "detail_url", "html_url", "title"],
                meta_fields=["type", "detail_url", "html_url"], base=PageSerializer,
            )(context=self.context)
        return self._serializers[type(value)].to_representation(value)


class RetePageSerializer(PageSerializer):
    """Wagtail's page serializer, with tags read through `PrefetchedTagsField` and the
    parent through `BatchedParentField`."""

    parent = BatchedParentField(read_only=True)

    def build_property_field(self, field_name, model_class):
        field_class, kwargs = super().build_property_field(field_name, model_class)
        return (PrefetchedTagsField if field_class is TagsField else field_class), kwargs


class RetePagesAPIViewSet(BakedFlavourMixin, PagesAPIViewSet):
    """Live public pages, as Wagtail serves them."""

    base_serializer_class = RetePageSerializer
    known_query_parameters = PagesAPIViewSet.known_query_parameters.union([FLAVOUR_PARAM])

    def get_queryset(self):
        return with_what_the_api_reads(super().get_queryset())

    def listing_view(self, request):
        """Wagtail's listing; if the request carries `KNOWN_RECORDS`, only the pages without
        one are serialized. Which pages, in which order and how many stay the listing's own."""
        known = getattr(request, KNOWN_RECORDS, None)
        if not known or "search" in request.GET:
            return super().listing_view(request)
        queryset = self.get_queryset()
        self.check_query_parameters(queryset)
        queryset = self.filter_queryset(queryset)
        ids = list(self.paginate_queryset(queryset.prefetch_related(None)
                                          .values_list("pk", flat=True)))
        fresh = queryset.filter(pk__in=[pk for pk in ids if pk not in known])
        serialized = {record["id"]: record
                      for record in self.get_serializer(fresh, many=True).data}
        return self.get_paginated_response(
            [known[pk] if pk in known else serialized[pk] for pk in ids])

    def detail_view(self, request, pk):
        """Wagtail's detail view; a record of a bake's `RecordBatch` is serialized with the
        batch's other pages of its type."""
        batch = getattr(request, RECORD_BATCH, None)
        if batch is None:
            return super().detail_view(request, pk)
        record = batch.record(self.get_object(), query=request.GET.urlencode(),
                              serialize=self._serialize_batch)
        return super().detail_view(request, pk) if record is None else Response(record)

    def _serialize_batch(self, pages: list[Page]) -> list[dict]:
        """The records of `pages`, with which of their parents the API shows read at once."""
        context = self.get_serializer_context()
        parents = {page.get_parent().pk for page in pages if page.depth > 1}
        context[SHOWN_PARENTS] = frozenset(context["base_queryset"].filter(
            pk__in=parents).values_list("pk", flat=True))
        return self.get_serializer(pages, many=True, context=context).data

    def get_object(self):
        """The page the bake loaded for this record, if the request carries it; else
        Wagtail's lookup (the page must be public and of the request's site)."""
        preloaded = getattr(self.request, PRELOADED_PAGE, None)
        if preloaded is not None and str(preloaded.pk) == str(self.kwargs.get("pk")):
            return preloaded
        return super().get_object()


def with_what_the_api_reads(queryset: QuerySet[Page]) -> QuerySet[Page]:
    """`queryset` reading with its pages their locale and, for a specific type, the
    objects its API fields choose and its tags."""
    queryset = queryset.select_related("locale")
    if queryset.model is Page:
        return queryset
    fields = queryset.model._meta.get_fields()
    api_names = {api_field.name for api_field in getattr(queryset.model, "api_fields", [])}
    chosen = [field.name for field in fields if field.name in api_names
              and field.many_to_one and field.concrete]  # a chosen image, partner…
    tags = [field.name for field in fields if isinstance(field, TaggableManager)]
    return queryset.select_related(*chosen).prefetch_related(
        *(Prefetch(name, to_attr=prefetched_tags_attr(name)) for name in tags))


class ReteImagesAPIViewSet(BakedFlavourMixin, UsedByPublicPagesMixin, ImagesAPIViewSet):
    """Images used by live public pages."""

    known_query_parameters = ImagesAPIViewSet.known_query_parameters.union([FLAVOUR_PARAM])


class ReteDocumentsAPIViewSet(BakedFlavourMixin, UsedByPublicPagesMixin, DocumentsAPIViewSet):
    """Documents used by live public pages."""

    known_query_parameters = DocumentsAPIViewSet.known_query_parameters.union([FLAVOUR_PARAM])
