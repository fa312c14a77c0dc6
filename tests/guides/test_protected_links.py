"""Pages chosen by editors that are not on the public site are left out, not linked.

A guide's related courses and events and the home page's featured guides are picked
by hand; the picked page may later go behind a password. The static site does not
have such a page, so a link to it would be a 404 for a citizen, and the bake refuses
to publish a site with one. The page is left out of the list instead.
"""

import pytest
from bs4 import BeautifulSoup

from wagtail.models import PageViewRestriction

from cms.guides.models import GuideRelatedPage
from cms.home.models import HomeFeaturedGuide
from cms.publishing.services import bake_site
from tests import factories


def protect(page) -> None:
    PageViewRestriction.objects.create(page=page, restriction_type="password", password="segreta")


def hrefs(html: bytes | str) -> set[str]:
    return {a["href"] for a in BeautifulSoup(html, "html.parser").find_all("a", href=True)}


@pytest.fixture
def guide_with_related_course(site_tree):
    course = factories.CoursePageFactory(parent=site_tree.courses, slug="excel")
    guide = factories.GuidePageFactory(parent=site_tree.guides, slug="colloquio")
    GuideRelatedPage.objects.create(guide=guide, page=course)
    return guide, course


def test_a_related_course_behind_a_password_is_left_out(guide_with_related_course, client):
    guide, course = guide_with_related_course
    assert course.url in hrefs(client.get(guide.url, HTTP_HOST="localhost").content)

    protect(course)

    response = client.get(guide.url, HTTP_HOST="localhost")
    assert response.status_code == 200
    assert course.url not in hrefs(response.content)


def test_a_featured_guide_behind_a_password_is_left_out_of_the_home_page(site_tree, client):
    shown = factories.GuidePageFactory(parent=site_tree.guides, slug="curriculum",
                                       title="Scrivere il curriculum")
    hidden = factories.GuidePageFactory(parent=site_tree.guides, slug="riservata",
                                        title="Guida riservata")
    for guide in (shown, hidden):
        HomeFeaturedGuide.objects.create(home=site_tree.home, guide=guide)
    protect(hidden)

    html = client.get(site_tree.home.url, HTTP_HOST="localhost").content

    assert shown.url in hrefs(html)
    assert hidden.url not in hrefs(html)
    assert "Guida riservata" not in BeautifulSoup(html, "html.parser").get_text()


def test_the_bake_succeeds_without_a_link_to_the_protected_pages(
        guide_with_related_course, site_tree, tmp_path):
    guide, course = guide_with_related_course
    HomeFeaturedGuide.objects.create(home=site_tree.home, guide=guide)
    protect(course)
    protect(guide)
    build_dir = tmp_path / "build"

    bake_site(build_dir=build_dir, progress=False)  # raises BrokenLinksError on a broken link

    for path in build_dir.rglob("*.html"):
        assert not {course.url, guide.url} & hrefs(path.read_text()), path
    assert not (build_dir / guide.url.strip("/")).exists()
