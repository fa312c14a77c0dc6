"""`/_headers`, served by the CMS so that the bake writes it like the feeds (see bake.py)."""

from django.http import HttpResponse
from django.views.decorators.http import require_GET

from wagtail.models import Site

from .csp import static_host_headers


@require_GET
def headers_file(request):
    """The static host's header rules for the site being served."""
    site = Site.find_for_request(request)
    return HttpResponse(static_host_headers(site=site), content_type="text/plain; charset=utf-8")
