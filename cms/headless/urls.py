"""Routes of the partners' feeds, included under `api/` (beside the API v2 at `api/v2/`)."""

from django.urls import path

from .views import open_courses_view, upcoming_events_view

app_name = "headless"

urlpatterns = [
    path("eventi-in-arrivo.json", upcoming_events_view, name="upcoming_events"),
    path("corsi-aperti.json", open_courses_view, name="open_courses"),
]
