"""The links between a guide and its audiences and topics.

Their own module, below `models` (which imports them for `GuidePage`'s tag fields):
the audience and topic reads in `selectors` need them, and the guide index page
needs those reads, so with the links in `models` the two modules would import each
other.
"""

from django.db import models

from modelcluster.fields import ParentalKey
from taggit.models import TaggedItemBase

from cms.core.models import AudienceTag


class GuideAudience(TaggedItemBase):
    """Link between a guide and an audience."""

    tag = models.ForeignKey(AudienceTag, related_name="guide_items", on_delete=models.CASCADE)
    content_object = ParentalKey("guides.GuidePage", related_name="audience_items",
                                 on_delete=models.CASCADE)


class GuideTopic(TaggedItemBase):
    """Link between a guide and a free topic tag."""

    content_object = ParentalKey("guides.GuidePage", related_name="topic_items",
                                 on_delete=models.CASCADE)
