"""The CSV of an observatory page, at `<page address>dati.csv`, as the bake writes it."""

from __future__ import annotations

from django.http import Http404, HttpResponse

from wagtail.models import Site

from .models import ObservatoryPage


def series_csv_view(request, page_path: str) -> HttpResponse:
    """The canonical CSV of the live, public observatory page at `page_path`."""
    site = Site.find_for_request(request)
    if site is None:
        raise Http404
    page = (ObservatoryPage.objects.live().public()
            .filter(url_path=site.root_page.url_path + page_path).first())
    if page is None:
        raise Http404
    return HttpResponse(page.data.encode("utf-8"), content_type="text/csv; charset=utf-8")
