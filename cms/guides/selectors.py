"""Reads for the guide listings and the audience pages."""

from django.db.models import QuerySet

from taggit.models import Tag

from cms.core.listings import page_token, page_tokens
from cms.core.models import AudienceTag
from cms.core.pagination import numbered_signatures
from cms.core.site_settings import in_current_site
from cms.courses.models import CourseAudience, CoursePage
from cms.events.models import EventAudience, EventPage

from .tags import GuideAudience, GuideTopic


def audiences_in_use() -> QuerySet[AudienceTag]:
    """Audiences that at least one live public guide, course or event carries (a tag
    only a private page carries has no chip and no page)."""
    return AudienceTag.objects.filter(
        id__in=_audience_ids_in_use()
    ).order_by("name")


def _audience_ids_in_use() -> set[int]:
    ids: set[int] = set()
    for through in (GuideAudience, CourseAudience, EventAudience):
        ids.update(through.objects.filter(content_object__in=_public(through))
                   .values_list("tag_id", flat=True))
    return ids


def topics_in_use() -> QuerySet[Tag]:
    """Topics that at least one live public guide carries."""
    return Tag.objects.filter(
        id__in=GuideTopic.objects.filter(content_object__in=_public(GuideTopic)).values("tag_id")
    ).order_by("name")


def _public(through) -> QuerySet:
    """Ids of the live public pages a tag relation can point at."""
    pages = through._meta.get_field("content_object").related_model
    return in_current_site(pages.objects.live().public()).values("pk")


def audience_listing(*, index, tag: AudienceTag) -> dict:
    """Everything for one audience: its guides, its open courses, its upcoming events."""
    return {
        "tag": tag,
        "tag_kind": "audience",
        "guides": index.guides().filter(audiences=tag),
        "courses": CoursePage.objects.upcoming().filter(audiences=tag),
        "events": EventPage.objects.upcoming().filter(audiences=tag),
    }


def guide_listing_signatures(*, index) -> dict[str, list[str]]:
    """What the guide index and each of its audience and topic pages show, as signatures.

    Mirrors `GuideIndexPage.get_context`, `audience_listing` and the topic route
    (same querysets, same order) with a handful of `values_list` queries for all the
    listings at once; see `cms.core.listings` for what the signatures are for.
    """
    guides = index.guides().prefetch_related(None)
    courses = CoursePage.objects.upcoming().prefetch_related(None)
    events = EventPage.objects.upcoming().prefetch_related(None)
    guide_ids = list(guides.values_list("pk", flat=True))
    course_ids = list(courses.values_list("pk", flat=True))
    event_ids = list(events.values_list("pk", flat=True))
    audiences, topics = list(audiences_in_use()), list(topics_in_use())

    def tagged(through, pages) -> dict[int, set[int]]:
        found: dict[int, set[int]] = {}
        for tag_id, page_id in through.objects.filter(
                content_object__in=pages.values("pk")).values_list("tag_id", "content_object_id"):
            found.setdefault(tag_id, set()).add(page_id)
        return found

    def only(ids: list[int], allowed: set[int]) -> list[int]:
        return [pk for pk in ids if pk in allowed]

    guide_audiences, guide_topics = tagged(GuideAudience, guides), tagged(GuideTopic, guides)
    course_audiences = tagged(CourseAudience, courses)
    event_audiences = tagged(EventAudience, events)
    own = page_token(group="index", pk=index.pk)
    audience_tokens = [f"audience:{tag.pk}:{tag.slug}:{tag.name}:{tag.description}"
                       for tag in audiences]
    topic_tokens = [f"topic:{tag.pk}:{tag.slug}:{tag.name}" for tag in topics]
    signatures = numbered_signatures(index_url=index.url, per_page=index.per_page,
                          header=[own, *audience_tokens, *topic_tokens],
                          items=page_tokens(group="guide", ids=guide_ids))
    for tag, token in zip(audiences, audience_tokens, strict=True):
        signatures.update(numbered_signatures(
            index_url=index.audience_url(tag), per_page=index.per_page,
            header=[own, token],
            items=page_tokens(group="guide",
                              ids=only(guide_ids, guide_audiences.get(tag.pk, set()))),
            first=[*page_tokens(group="course",
                                ids=only(course_ids, course_audiences.get(tag.pk, set()))),
                   *page_tokens(group="event",
                                ids=only(event_ids, event_audiences.get(tag.pk, set())))]))
    for tag, token in zip(topics, topic_tokens, strict=True):
        signatures.update(numbered_signatures(
            index_url=index.topic_url(tag), per_page=index.per_page,
            header=[own, token],
            items=page_tokens(group="guide", ids=only(guide_ids, guide_topics.get(tag.pk, set())))))
    return signatures

