"""The partners' feeds served live by the CMS, byte for byte what the bake writes."""

from django.http import HttpRequest, JsonResponse
from django.views.decorators.http import require_safe

from .feeds import open_courses_feed, upcoming_events_feed

# Readable by a person opening the file, and UTF-8 rather than \u escapes for "è".
JSON_DUMPS_PARAMS = {"ensure_ascii": False, "indent": 2}


def _json(payload: dict) -> JsonResponse:
    return JsonResponse(payload, json_dumps_params=JSON_DUMPS_PARAMS,
                        content_type="application/json; charset=utf-8")


@require_safe
def upcoming_events_view(request: HttpRequest) -> JsonResponse:
    """`/api/eventi-in-arrivo.json`."""
    return _json(upcoming_events_feed())


@require_safe
def open_courses_view(request: HttpRequest) -> JsonResponse:
    """`/api/corsi-aperti.json`."""
    return _json(open_courses_feed())
