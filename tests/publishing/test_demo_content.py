"""The demo network in site_content/ bakes whole: every public page, tag listing and asset."""

import io
from pathlib import Path
from urllib.parse import unquote

import pytest

from django.conf import settings
from django.core.management import call_command

from wagtail.models import Site

from cms.core.site_settings import in_current_site, use_site
from cms.guides.models import GuideIndexPage
from cms.guides.selectors import audiences_in_use, topics_in_use
from cms.publishing.check import broken_links
from cms.publishing.links import scan_pages
from cms.publishing.services import bake_site


@pytest.fixture
def demo_content(db):
    call_command("load_site_content", path=Path(settings.SITE_CONTENT_DIR), stdout=io.StringIO())
    return Site.objects.get(is_default_site=True)


def test_the_demo_network_bakes_every_page_and_listing(demo_content, build_dir):
    report = bake_site(build_dir=build_dir, progress=False)

    with use_site(demo_content):  # its pages' addresses as its own bake writes them
        pages = demo_content.root_page.get_descendants(inclusive=True).live().public().specific()
        urls = [page.url for page in pages]
        for index in in_current_site(GuideIndexPage.objects.live()):
            urls += [index.audience_url(tag) for tag in audiences_in_use()]
            urls += [index.topic_url(tag) for tag in topics_in_use()]
    assert len(urls) > 30
    for url in urls:
        assert (build_dir / unquote(url).lstrip("/") / "index.html").is_file(), f"{url} missing"
    assert report.pages == len(urls)
    assert not broken_links(
        pages=scan_pages(build_dir=build_dir, own_hosts=["www.example.org"]), staging=build_dir)

