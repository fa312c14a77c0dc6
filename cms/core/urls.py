"""Addresses of the favicon, icons and web app manifest (`cms.core.icons.ICON_PATHS`)."""

from django.urls import path

from . import views

app_name = "core"

urlpatterns = [
    path("favicon.ico", views.favicon_view, name="favicon"),
    path("apple-touch-icon.png", views.icon_view, {"name": "apple-touch-icon"},
         name="apple-touch-icon"),
    path("icons/icon-192.png", views.icon_view, {"name": "icon-192"}, name="icon-192"),
    path("icons/icon-512.png", views.icon_view, {"name": "icon-512"}, name="icon-512"),
    path("icons/anteprima.png", views.share_image_view, name="share"),
    path("site.webmanifest", views.manifest_view, name="manifest"),
]
