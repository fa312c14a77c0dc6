"""The home page's code moved to `cms.home`; what existing sites and clients rely on did not.

A database made before the move, a `site_content/` file that says `type: core.HomePage`
and an API client filtering on `?type=core.HomePage` all keep working.
"""

import pytest

from django.contrib.contenttypes.models import ContentType

from wagtail.models import Page

from cms.home.models import HomeFeaturedGuide, HomePage
from tests import factories

pytestmark = pytest.mark.django_db


def test_the_home_page_keeps_its_type_table_and_content_type():
    assert HomePage._meta.label == "core.HomePage"
    assert HomePage._meta.db_table == "core_homepage"
    assert HomeFeaturedGuide._meta.db_table == "core_homefeaturedguide"
    content_type = ContentType.objects.get_for_model(HomePage)
    assert (content_type.app_label, content_type.model) == ("core", "homepage")


def test_a_stored_home_page_is_read_back_as_the_home_app_model(site_tree):
    page = Page.objects.get(pk=site_tree.home.pk).specific
    assert type(page) is HomePage


def test_the_live_api_filters_home_pages_by_their_old_type(site_tree, client):
    response = client.get("/api/v2/pages/", {"type": "core.HomePage"}, HTTP_HOST="localhost")
    assert response.status_code == 200
    items = response.json()["items"]
    assert [(item["id"], item["meta"]["type"]) for item in items] == [
        (site_tree.home.pk, "core.HomePage")]


def test_the_home_page_shows_its_featured_guide(site_tree, client):
    guide = factories.GuidePageFactory(parent=site_tree.guides, title="Scrivere il curriculum")
    HomeFeaturedGuide.objects.create(home=site_tree.home, guide=guide)
    html = client.get("/", HTTP_HOST="localhost").content.decode()
    assert "Scrivere il curriculum" in html
