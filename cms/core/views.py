"""The favicon, icons, preview image and web app manifest, served like any other URL.

The bake writes what these views answer (`cms.core.bake`); the running CMS serves
the same, so a preview shows the same icon.
"""

from django.http import Http404, HttpRequest, HttpResponse

from . import icons
from .models import IdentitySettings


def _identity(request: HttpRequest) -> IdentitySettings:
    return IdentitySettings.for_request(request)


def favicon_view(request: HttpRequest) -> HttpResponse:
    return HttpResponse(icons.favicon(identity=_identity(request)), content_type="image/x-icon")


def icon_view(request: HttpRequest, name: str) -> HttpResponse:
    if name not in icons.SQUARE_ICONS:
        raise Http404
    return HttpResponse(icons.square_icon(identity=_identity(request), name=name),
                        content_type="image/png")


def share_image_view(request: HttpRequest) -> HttpResponse:
    return HttpResponse(icons.share_image(identity=_identity(request)), content_type="image/png")


def manifest_view(request: HttpRequest) -> HttpResponse:
    return HttpResponse(icons.manifest(identity=_identity(request)),
                        content_type="application/manifest+json")
