"""Admin wiring for publishing: the "Pubblicazione" menu item, its URLs and permission,
the dashboard's warnings about failed or stuck bakes, and whether a page is online."""

from django.contrib.auth.models import Permission
from django.urls import include, path, reverse
from django.utils import timezone
from django.utils.translation import gettext as gettext_now
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin import messages
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.components import Component

from . import admin_views
from .records import bake_alerts, page_bake_status

# Edit links a failure message offers at most (the "Pubblicazione" page lists them all).
MAX_MESSAGE_BUTTONS = 5

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


class BakeAlertsPanel(Component):
    """On the admin's home page: failed bakes since the last good one, stuck bakes and
    publishes the worker has not picked up, with the pages to fix."""

    name = "bake_alerts"
    order = 50
    template_name = "publishing/admin/dashboard_panel.html"

    def __init__(self, alerts):
        self.alerts = alerts

    def get_context_data(self, parent_context=None):
        return {"alerts": self.alerts, "report_url": reverse("publishing_admin:report"),
                "request": (parent_context or {}).get("request")}


@hooks.register("construct_homepage_panels")
def add_bake_alerts_panel(request, panels):
    alerts = bake_alerts()
    if alerts:
        panels.insert(0, BakeAlertsPanel(alerts))


@hooks.register("before_edit_page")
def tell_whether_the_page_is_online(request, page):
    """Opening a published page says whether its last publish reached the public site."""
    if request.method != "GET":
        return
    status = page_bake_status(page)
    if status is None:
        return
    title = page.get_admin_display_title()
    if status.state == "pending":
        messages.info(request, gettext_now(
            "«%(title)s» è in pubblicazione: sarà sul sito tra pochi secondi.") % {"title": title})
    elif status.state == "online":
        finished = timezone.localtime(status.record.finished_at or status.record.started_at)
        messages.success(request, gettext_now(
            "«%(title)s» è online: il sito pubblico è aggiornato (alle %(time)s).")
            % {"title": title, "time": finished.strftime("%H:%M")})
    else:
        record = status.record
        buttons = [messages.button(problem["edit_url"], problem["title"])
                   for problem in record.problems[:MAX_MESSAGE_BUTTONS]]
        if not buttons and record.failed_page_id:
            buttons.append(messages.button(
                reverse("wagtailadmin_pages:edit", args=[record.failed_page_id]),
                record.failed_page_title or gettext_now("Pagina con l'errore")))
        buttons.append(messages.button(reverse("publishing_admin:report"),
                                       gettext_now("Dettagli")))
        messages.error(request, gettext_now(
            "La pubblicazione di «%(title)s» non è riuscita: il sito pubblico non è cambiato. "
            "Correggi le pagine indicate e pubblica di nuovo.") % {"title": title},
            buttons=buttons)
