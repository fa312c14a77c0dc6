"""Internal links in rich text, looked up once per bake instead of once per text.

Every rich text with a link to another page (a guide's paragraphs, a news story)
makes Wagtail load the linked pages to write their addresses: two queries per text,
thousands per bake, for the same few pages. While `page_links_remembered()` is
active (the renderer holds it around each share of pages, when nothing changes)
each page's link is worked out once; outside it, Wagtail's own handler runs as is.

Links to documents of private collections lose their address (`PublicDocumentLinkHandler`),
and so do links to pages that are not on the public site (unpublished, private, deleted):
the words stay as plain text, so one page taken offline never leaves broken links on the
pages that mention it, nor stops them going online (README, "Collegamenti a pagine ritirate").
"""

from __future__ import annotations

from contextlib import AbstractContextManager
from contextvars import ContextVar

from django.utils.html import escape

from wagtail.documents.rich_text import DocumentLinkHandler
from wagtail.rich_text.pages import PageLinkHandler

from .media_privacy import is_public_media
from .scoping import bound
from .visibility import on_public_site

_LINKS: ContextVar[dict[str, str] | None] = ContextVar("rete_page_links", default=None)


def page_links_remembered() -> AbstractContextManager:
    """Remember each page's `<a href>` for the whole block (the data must not change)."""
    return bound(_LINKS, {})


class RememberedPageLinkHandler(PageLinkHandler):
    """Wagtail's `page` link handler, answering from the bake's memory when it can."""

    @classmethod
    def expand_db_attributes_many(cls, attrs_list: list[dict]) -> list[str]:
        remembered = _LINKS.get()
        if remembered is None:
            return cls._public_links(attrs_list)
        missing = [attrs for attrs in attrs_list if str(attrs.get("id")) not in remembered]
        if missing:
            for attrs, html in zip(missing, cls._public_links(missing), strict=True):
                remembered[str(attrs.get("id"))] = html
        return [remembered[str(attrs.get("id"))] for attrs in attrs_list]

    @classmethod
    def _public_links(cls, attrs_list: list[dict]) -> list[str]:
        """Wagtail's `<a href>` for pages the bake writes; a bare `<a>` (text) for the others."""
        return [f'<a href="{escape(page.localized.url)}">' if on_public_site(page) else "<a>"
                for page in cls.get_many(attrs_list)]


class PublicDocumentLinkHandler(DocumentLinkHandler):
    """Wagtail's `document` link handler, leaving documents of private collections unlinked.

    The words stay, without an address: the static site does not have the file
    (see `cms.core.media_privacy`).
    """

    @classmethod
    def expand_db_attributes_many(cls, attrs_list: list[dict]) -> list[str]:
        return [f'<a href="{escape(doc.url)}">' if is_public_media(doc) else "<a>"
                for doc in cls.get_many(attrs_list)]
