"""URLs of `cms.security`: the static host's header file."""

from django.urls import path

from . import views

app_name = "security"
urlpatterns = [path("_headers", views.headers_file, name="headers")]
