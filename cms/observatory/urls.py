"""The observatory's CSV downloads, beside their pages (`bake.baked_files` lists the same)."""

from django.urls import re_path

from . import views

app_name = "observatory"

urlpatterns = [
    # A page's path as Wagtail serves it (slugs and slashes), then the file name.
    re_path(r"^(?P<page_path>(?:[-\w]+/)+)dati\.csv$", views.series_csv_view, name="series-csv"),
]
