"""Shared fixtures: a site whose root is a HomePage with one index page of each kind."""

import os
from dataclasses import dataclass
from pathlib import Path

import pytest

from wagtail.models import Page, Site

from tests import factories


@dataclass
class SiteTree:
    """The skeleton every network's portal has."""

    home: object
    guides: object
    courses: object
    events: object
    news: object
    sportelli: object


def pytest_configure(config):
    # Playwright's sync API keeps an event loop running in the main thread for the whole
    # session (tests/browser), and Django then refuses every query of a test that runs
    # after the browser started ("SynchronousOnlyOperation"), although nothing here is
    # async. pytest-django orders transactional tests after the others, so a publishing test
    # can fall between two browser tests: allow it, in the tests only.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    # Run once by ./scripts/test, not again in its PostgreSQL run (scripts/_postgres.sh):
    # these tests choose their databases themselves, in subprocesses.
    config.addinivalue_line("markers", "own_databases: bakes in subprocesses on databases of "
                                       "its own, whatever DATABASE_URL says")
    config.addinivalue_line("markers", "output_only: reads only what a bake writes, which is "
                                       "the same on every database")


# A bake writes the same bytes on SQLite and on PostgreSQL: tests/publishing/test_postgres.py
# bakes the demo on both and compares every file. The tests below only read baked output
# (markup, feeds, calendars, compression, static files), so the PostgreSQL run of
# ./scripts/test leaves them out (`-m "not output_only"`, scripts/_postgres.sh); everything
# that queries, locks, schedules, loads or exports content runs on both databases.
OUTPUT_ONLY = (
    "tests/theme/",
    "tests/syndication/",
    "tests/headless/test_baked_api.py",
    "tests/headless/test_feeds.py",
    "tests/publishing/test_compress.py",
    "tests/publishing/test_command_help.py",
    "tests/publishing/test_static_host.py",
    "tests/publishing/test_links_artefacts.py",
    "tests/publishing/test_demo_content.py",
    "tests/sitecontent/test_demo_pdfs.py",
    "tests/browser/test_static_headers.py",
)


def pytest_collection_modifyitems(config, items):
    root = Path(str(config.rootpath))
    for item in items:
        relative = Path(str(item.path)).relative_to(root).as_posix()
        if relative.startswith(OUTPUT_ONLY):
            item.add_marker(pytest.mark.output_only)


@pytest.fixture(autouse=True)
def _fresh_caches():
    """Each test starts with empty caches: Wagtail caches renditions by image id, and ids
    come back after a test's rollback, so a cached rendition would belong to another test."""
    from django.core.cache import caches

    for cache in caches.all():
        cache.clear()


def _wagtail_initial_root() -> Page:
    """The root page, the root collection and the default locale that Wagtail's migrations
    create.

    A `transaction=True` test (test_concurrency.py, the admin test of test_csp.py…) empties
    the database when it ends, those rows included; whichever database test runs next, in
    whatever order pytest or its workers run them, finds them back here instead of failing
    on a missing locale or collection.
    """
    from django.conf import settings
    from django.contrib.contenttypes.models import ContentType

    from wagtail.models import Collection, Locale

    locale, _created = Locale.objects.get_or_create(language_code=settings.LANGUAGE_CODE)
    if Collection.get_first_root_node() is None:
        Collection.add_root(name="Root")
    root = Page.get_first_root_node()
    if root is None:
        root = Page.add_root(instance=Page(
            title="Root", slug="root", locale=locale,
            content_type=ContentType.objects.get_for_model(Page)))
    return root


@pytest.fixture(autouse=True)
def _wagtail_initial_rows(request):
    """Every test that uses the database starts with Wagtail's initial rows."""
    marker = request.node.get_closest_marker("django_db")
    if marker is None and not {"db", "transactional_db"} & set(request.fixturenames):
        return
    if "transactional_db" in request.fixturenames or (marker and marker.kwargs.get("transaction")):
        request.getfixturevalue("transactional_db")
    else:
        request.getfixturevalue("db")
    _wagtail_initial_root()


@pytest.fixture
def site_tree(db) -> SiteTree:
    root = _wagtail_initial_root()
    home = factories.HomePageFactory(parent=root, slug="home-test")
    site = Site.objects.filter(is_default_site=True).first() or Site(is_default_site=True)
    site.root_page = home
    site.hostname = "localhost"
    site.save()
    return SiteTree(
        home=home,
        guides=factories.GuideIndexPageFactory(parent=home),
        courses=factories.CourseIndexPageFactory(parent=home),
        events=factories.EventIndexPageFactory(parent=home),
        news=factories.NewsIndexPageFactory(parent=home),
        sportelli=factories.SportelloIndexPageFactory(parent=home),
    )


@pytest.fixture
def editor_client(client, django_user_model):
    """A logged-in editor of the communications staff (a superuser in Italian)."""
    user = django_user_model.objects.create_superuser(
        "redazione", "redazione@example.it", "x-pass-123"
    )
    client.force_login(user)
    return client
