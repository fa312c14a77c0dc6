"""RSS 2.0 and Atom feeds of news, upcoming events, courses and the contest.

Built on Django's syndication framework; each feed has an RSS class and an Atom
subclass that only changes the format. Links and the feed's own address use the
public address of the baked site (`RETE_BASE_URL`), whatever host served the request.
"""

from django.contrib.syndication.views import Feed
from django.http import Http404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.translation import gettext as _

from cms.core.site_settings import in_current_site
from cms.courses.models import CourseIndexPage
from cms.events.models import EventIndexPage
from cms.news.models import NewsIndexPage

from .contest import live_contests
from .entries import Entry, contest_entries, course_entries, event_entries, news_entries
from .links import feed_guid as tag_uri
from .links import network_name, page_url, public_url


def _index_url(model) -> str:
    """The public address of the listing page of a kind, or the home if there is none."""
    index = in_current_site(model.objects.live().public()).order_by("path").first()
    return (page_url(index) if index else None) or public_url("/")


class EntriesFeed(Feed):
    """A feed of `Entry` objects; subclasses say which entries and how the feed is titled."""

    feed_type = Rss201rev2Feed
    language = "it"
    url_name = ""
    item_guid_is_permalink = False

    def entries(self, obj) -> list[Entry]:
        raise NotImplementedError

    def items(self, obj) -> list[Entry]:
        return self.entries(obj)

    def feed_url(self) -> str:
        return public_url(reverse(f"syndication:{self.url_name}"))

    def feed_guid(self) -> str:
        # Atom's feed id; without it Django would reuse the listing page's address.
        return tag_uri(key=self.url_name)

    def subtitle(self, obj) -> str:
        # Atom's name for the description; RSS ignores it.
        return self.description(obj)

    def author_name(self) -> str:
        return network_name()

    def item_title(self, item: Entry) -> str:
        return item.title

    def item_link(self, item: Entry) -> str:
        return item.link

    def item_description(self, item: Entry) -> str:
        return item.description

    def item_guid(self, item: Entry) -> str:
        return item.guid

    def item_pubdate(self, item: Entry):
        return item.published

    def item_updateddate(self, item: Entry):
        return item.updated

    def item_categories(self, item: Entry) -> tuple[str, ...]:
        return item.categories


class NewsFeed(EntriesFeed):
    """Notizie (RSS)."""

    url_name = "feed-news-rss"

    def title(self) -> str:
        return _("Notizie – %(network)s") % {"network": network_name()}

    def description(self, obj=None) -> str:
        return _("Le ultime notizie di %(network)s.") % {"network": network_name()}

    def link(self) -> str:
        return _index_url(NewsIndexPage)

    def entries(self, obj) -> list[Entry]:
        return news_entries()


class NewsAtomFeed(NewsFeed):
    """Notizie (Atom)."""

    feed_type = Atom1Feed
    url_name = "feed-news-atom"


class EventsFeed(EntriesFeed):
    """Eventi in programma (RSS)."""

    url_name = "feed-events-rss"

    def title(self) -> str:
        return _("Eventi in programma – %(network)s") % {"network": network_name()}

    def description(self, obj=None) -> str:
        return _("Gli eventi in programma nella rete %(network)s: open day, giornate del "
                 "lavoro, laboratori.") % {"network": network_name()}

    def link(self) -> str:
        return _index_url(EventIndexPage)

    def entries(self, obj) -> list[Entry]:
        return event_entries()


class EventsAtomFeed(EventsFeed):
    """Eventi in programma (Atom)."""

    feed_type = Atom1Feed
    url_name = "feed-events-atom"


class CoursesFeed(EntriesFeed):
    """Corsi di formazione (RSS)."""

    url_name = "feed-courses-rss"

    def title(self) -> str:
        return _("Corsi di formazione – %(network)s") % {"network": network_name()}

    def description(self, obj=None) -> str:
        return _("I corsi di formazione in partenza o in corso: date, sede e scadenza delle "
                 "iscrizioni.")

    def link(self) -> str:
        return _index_url(CourseIndexPage)

    def entries(self, obj) -> list[Entry]:
        return course_entries()


class CoursesAtomFeed(CoursesFeed):
    """Corsi di formazione (Atom)."""

    feed_type = Atom1Feed
    url_name = "feed-courses-atom"


class ContestFeed(EntriesFeed):
    """Aggiornamenti del concorso (RSS): one entry per milestone reached, then the results."""

    url_name = "feed-contest-rss"

    def get_object(self, request, *args, **kwargs):
        contests = list(live_contests())
        if not contests:
            raise Http404(_("Nessun concorso pubblicato."))
        return contests

    def title(self, obj) -> str:
        if len(obj) == 1:
            return _("%(title)s – aggiornamenti") % {"title": obj[0].title}
        return _("Concorsi – aggiornamenti – %(network)s") % {"network": network_name()}

    def description(self, obj) -> str:
        return _("Le tappe del concorso man mano che arrivano e l'esito quando è pubblicato.")

    def link(self, obj) -> str:
        return page_url(obj[0]) or public_url("/")

    def entries(self, obj) -> list[Entry]:
        return contest_entries(contests=obj)


class ContestAtomFeed(ContestFeed):
    """Aggiornamenti del concorso (Atom)."""

    feed_type = Atom1Feed
    url_name = "feed-contest-atom"
