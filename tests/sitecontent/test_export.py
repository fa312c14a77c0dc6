"""Exporting gives back exactly what was loaded."""

import pytest

from cms.guides.models import GuidePage
from cms.sitecontent.services import export_site_content, load_site_content

from .conftest import CITTA, PINNED_DAY

pytestmark = pytest.mark.django_db


# Not content: the README, each network's roles (networks/<folder>/roles.yaml) that
# `load_roles` reads and the deploy targets
# (`manage.py deploy`): export leaves them alone.
NOT_EXPORTED = {"README.md", "roles.yaml", "deploy.yaml"}


def _content_files(root):
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*")
                  if p.is_file() and p.name not in NOT_EXPORTED)


def test_export_round_trips_byte_for_byte(content_dir, tmp_path):
    load_site_content(path=content_dir, today=PINNED_DAY)

    export_site_content(path=tmp_path)

    assert _content_files(tmp_path) == _content_files(content_dir)
    for relative in _content_files(content_dir):
        assert (tmp_path / relative).read_bytes() == (content_dir / relative).read_bytes(), relative


def test_a_date_changed_in_the_cms_is_written_relative_to_the_anchor(content_dir, tmp_path):
    load_site_content(path=content_dir, today=PINNED_DAY)
    guide = GuidePage.objects.get(slug="primo-colloquio")
    guide.last_reviewed = PINNED_DAY.replace(day=PINNED_DAY.day - 2)
    guide.save_revision().publish()

    export_site_content(path=tmp_path)

    text = (tmp_path / CITTA / "pages/guide/primo-colloquio.yaml").read_text(encoding="utf-8")
    assert "last_reviewed: '@-2'" in text


def test_redirects_are_exported_and_loaded_back(content_dir, tmp_path):
    from wagtail.contrib.redirects.models import Redirect

    load_site_content(path=content_dir, today=PINNED_DAY)
    guide = GuidePage.objects.get(slug="primo-colloquio")
    Redirect.objects.create(old_path="/vecchia-guida", redirect_page=guide, is_permanent=True)
    Redirect.objects.create(old_path="/bando-2024", redirect_link="https://example.org/bando",
                            is_permanent=False)

    export_site_content(path=tmp_path)

    text = (tmp_path / CITTA / "redirects.yaml").read_text(encoding="utf-8")
    assert text == ("- old_path: /bando-2024\n  redirect_link: https://example.org/bando\n"
                    "  is_permanent: false\n- old_path: /vecchia-guida\n"
                    "  redirect_page: /guide/primo-colloquio/\n  is_permanent: true\n")
    Redirect.objects.all().delete()
    report = load_site_content(path=tmp_path, today=PINNED_DAY)
    assert CITTA + "redirects.yaml" in report.updated
    restored = {r.old_path: (r.redirect_page_id, r.redirect_link, r.is_permanent)
                for r in Redirect.objects.all()}
    assert restored == {"/vecchia-guida": (guide.pk, "", True),
                        "/bando-2024": (None, "https://example.org/bando", False)}


def _stored_dates() -> dict:
    """Every page's dates and times as the CMS keeps them."""
    from django.db import models

    from wagtail.models import Page

    found = {}
    for page in Page.objects.exclude(depth=1).specific().order_by("url_path"):
        for field in page._meta.concrete_fields:
            if isinstance(field, (models.DateField, models.DateTimeField)) \
                    and field.model is not Page:
                found[(page.url_path, field.name)] = getattr(page, field.attname)
    return found


def test_an_export_with_absolute_dates_loads_the_same_dates_on_any_day(content_dir, tmp_path):
    from django.core.management import call_command

    load_site_content(path=content_dir, today=PINNED_DAY)
    loaded = _stored_dates()
    assert any(value is not None for value in loaded.values())

    call_command("export_site_content", path=tmp_path, absolute_dates=True)

    for file in (tmp_path / "networks").rglob("*.yaml"):
        assert "'@" not in file.read_text(encoding="utf-8"), file  # no relative date left
    # A fresh database a year later: no pages, no recorded anchor day.
    from wagtail.models import Page

    from cms.sitecontent.models import ContentAnchor
    Page.objects.filter(depth__gt=1).delete()
    ContentAnchor.objects.all().delete()
    report = load_site_content(path=tmp_path, force=True,
                               today=PINNED_DAY.replace(year=PINNED_DAY.year + 1))
    assert report.anchor != PINNED_DAY
    assert _stored_dates() == loaded
