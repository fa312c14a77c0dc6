"""Addresses of the feeds, calendars, sitemap and robots.txt.

Italian paths, as the citizens see them; `bake.baked_files()` lists the same URLs for
the static build.
"""

from django.urls import path

from . import feeds, views

app_name = "syndication"

urlpatterns = [
    path("feed/notizie.xml", feeds.NewsFeed(), name="feed-news-rss"),
    path("feed/notizie.atom", feeds.NewsAtomFeed(), name="feed-news-atom"),
    path("feed/eventi.xml", feeds.EventsFeed(), name="feed-events-rss"),
    path("feed/eventi.atom", feeds.EventsAtomFeed(), name="feed-events-atom"),
    path("feed/corsi.xml", feeds.CoursesFeed(), name="feed-courses-rss"),
    path("feed/corsi.atom", feeds.CoursesAtomFeed(), name="feed-courses-atom"),
    path("feed/concorso.xml", feeds.ContestFeed(), name="feed-contest-rss"),
    path("feed/concorso.atom", feeds.ContestAtomFeed(), name="feed-contest-atom"),
    path("calendario.ics", views.full_calendar_view, name="calendar"),
    path("calendario/eventi/<slug:slug>.ics", views.event_calendar_view, name="calendar-event"),
    path("calendario/corsi/<slug:slug>.ics", views.course_calendar_view, name="calendar-course"),
    path("calendario/concorso.ics", views.contest_calendar_view, name="calendar-contest"),
    path("sitemap.xml", views.sitemap_view, name="sitemap"),
    path("robots.txt", views.robots_view, name="robots"),
]
