"""Public addresses and stable identifiers for everything syndicated.

Feeds, calendars and the sitemap are read on the baked site, so every link points at
the site's public address (`public_base_url`: its portal settings, else `RETE_BASE_URL`),
never at the host that happened to serve the request. The identifiers (feed GUIDs,
iCalendar UIDs) are built from page ids, not slugs or titles, so a reader or a calendar
recognises an item again after an editor renames it.
"""

import datetime
from urllib.parse import urlsplit

from django.conf import settings

from wagtail.models import Page

from cms.core.identity import network_name_of
from cms.core.site_settings import current_site, public_base_url

# The date part of our tag: URIs (RFC 4151). Any fixed date works; changing it would
# change every feed GUID, so it never changes.
TAG_DATE = "2025"


def public_url(path: str) -> str:
    """The absolute address of `path` (starting with "/") on the published site."""
    return public_base_url() + path


def public_host() -> str:
    """The host name of the published site, used as the domain of iCalendar UIDs."""
    return urlsplit(public_base_url()).hostname or "localhost"


def page_url(page: Page) -> str | None:
    """The absolute public address of a page, or None if it is not routable."""
    parts = page.get_url_parts()
    if parts is None or parts[2] is None:
        return None
    return public_url(parts[2])


def feed_guid(*, key: str) -> str:
    """A GUID that is valid both as an RSS guid and as an Atom id (a tag: URI)."""
    return f"tag:{public_host()},{TAG_DATE}:{key}"


def ical_uid(*, key: str) -> str:
    """An iCalendar UID in the recommended `something@domain` form (RFC 5545, 3.8.4.7)."""
    return f"{key}@{public_host()}"


def page_stamp(page: Page) -> datetime.datetime | None:
    """When the page was last revised, for DTSTAMP, LAST-MODIFIED and feed dates.

    Taken from the page rather than the clock so that baking twice gives the same files.
    """
    return page.last_published_at or page.latest_revision_created_at or page.first_published_at


def network_name() -> str:
    """The network's name as its editors set it, or the site name from the settings.

    Every calendar and feed asks for it: a bake reads it once (`network_name_of`).
    """
    return network_name_of(current_site()) or settings.WAGTAIL_SITE_NAME
