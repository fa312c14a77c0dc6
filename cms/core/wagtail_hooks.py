"""Admin registrations for the core app, and its rich text link handler."""

from django.contrib import messages
from django.utils.translation import gettext as _

from wagtail import hooks
from wagtail.snippets.models import register_snippet

from .media_privacy import private_media_used_by
from .models import AudienceTag
from .richtext import PublicDocumentLinkHandler, RememberedPageLinkHandler

register_snippet(AudienceTag)


@hooks.register("register_rich_text_features", order=1)  # after Wagtail's own (order 0)
def remember_page_links(features) -> None:
    """Links to pages in rich text resolve once per bake (see `cms.core.richtext`)."""
    features.register_link_type(RememberedPageLinkHandler)
    # Documents of private collections stay unlinked (see `cms.core.media_privacy`).
    features.register_link_type(PublicDocumentLinkHandler)


@hooks.register("after_create_page")
@hooks.register("after_edit_page")
def warn_about_private_media(request, page) -> None:
    """Tell the editor which chosen images and documents the public site will leave out."""
    hidden = private_media_used_by(page)
    if hidden:
        messages.warning(request, _(
            "La pagina usa file di raccolte private, che il sito pubblico non mostra né "
            "pubblica: %(files)s. Se devono comparire, spostali in una raccolta pubblica.")
            % {"files": ", ".join(f"«{obj.title}»" for obj in hidden)})
