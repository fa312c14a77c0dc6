"""Reads for the guide listings and the audience pages."""

from django.db.models import QuerySet

from taggit.models import Tag

from cms.core.models import AudienceTag


def audiences_in_use() -> QuerySet[AudienceTag]:
    """Audiences that at least one live guide, course or event carries."""
    return AudienceTag.objects.filter(
        id__in=_audience_ids_in_use()
    ).order_by("name")


def _audience_ids_in_use() -> set[int]:
    from cms.courses.models import CourseAudience
    from cms.events.models import EventAudience

    from .models import GuideAudience

    ids: set[int] = set()
    for through in (GuideAudience, CourseAudience, EventAudience):
        ids.update(through.objects.filter(content_object__live=True).values_list("tag_id", flat=True))
    return ids


def topics_in_use() -> QuerySet[Tag]:
    """Topics that at least one live guide carries."""
    from .models import GuideTopic

    return Tag.objects.filter(
        id__in=GuideTopic.objects.filter(content_object__live=True).values("tag_id")
    ).order_by("name")


def audience_listing(*, index, tag: AudienceTag) -> dict:
    """Everything for one audience: its guides, its open courses, its upcoming events."""
    from cms.courses.selectors import upcoming_courses
    from cms.events.selectors import upcoming_events

    return {
        "tag": tag,
        "tag_kind": "audience",
        "guides": index.guides().filter(audiences=tag),
        "courses": upcoming_courses().filter(audiences=tag),
        "events": upcoming_events().filter(audiences=tag),
    }
