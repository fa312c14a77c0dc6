"""Admin wiring for publishing: the "Pubblicazione" menu item, its URLs and permission."""

from django.contrib.auth.models import Permission
from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.menu import MenuItem

from . import admin_views

admin_urlpatterns = [
    path("", admin_views.BakeReportView.as_view(), name="report"),
    path("avvia/", admin_views.start_bake_view, name="start"),
]


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [path("pubblicazione/", include((admin_urlpatterns, "publishing_admin")))]


@hooks.register("register_admin_menu_item")
def register_menu_item():
    return MenuItem(_("Pubblicazione"), reverse("publishing_admin:report"),
                    name="pubblicazione", icon_name="upload", order=900)


@hooks.register("register_permissions")
def register_permissions():
    """Let administrators give "start a full bake" to a group in Impostazioni → Gruppi."""
    return Permission.objects.filter(content_type__app_label="publishing",
                                     codename="start_bake")


@hooks.register("after_bulk_action")
def bake_after_media_moved(request, action_type, objects, action_class_instance):
    """Wagtail's "add to collection" bulk action updates the rows without saving them,
    so no save signal tells the bake; a move may make images or documents private."""
    from wagtail.documents.models import AbstractDocument
    from wagtail.images.models import AbstractImage

    from .signals import on_media_moved

    if action_type == "add_to_collection" and all(
            isinstance(obj, AbstractImage | AbstractDocument) for obj in objects):
        on_media_moved(objects=objects)
