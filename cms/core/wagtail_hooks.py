"""Admin registrations for the core app, and its rich text link handler."""

from wagtail import hooks
from wagtail.snippets.models import register_snippet

from .models import AudienceTag
from .richtext import PublicDocumentLinkHandler, RememberedPageLinkHandler

register_snippet(AudienceTag)


@hooks.register("register_rich_text_features", order=1)  # after Wagtail's own (order 0)
def remember_page_links(features) -> None:
    """Links to pages in rich text resolve once per bake (see `cms.core.richtext`)."""
    features.register_link_type(RememberedPageLinkHandler)
    # Documents of private collections stay unlinked (see `cms.core.media_privacy`).
    features.register_link_type(PublicDocumentLinkHandler)
