"""Bakery views: what the bake renders (filled in by the publishing pipeline)."""

from wagtailbakery.views import AllPublishedPagesView


class PublishedPagesView(AllPublishedPagesView):
    """Every live, public page."""


class TagListingsView(AllPublishedPagesView):
    """Placeholder until the tag listing view lands."""

    def get_queryset(self):
        return super().get_queryset().none()
