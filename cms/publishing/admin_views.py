"""The admin's "Pubblicazione" page: recent bakes and the button that starts a full one.

Thin views: the reading is `recent_bakes`, the acting is `start_full_bake`, the
permission is `can_start_bake`, all in `records.py`.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.decorators.http import require_POST

from wagtail.admin import messages
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from .records import can_start_bake, recent_bakes, start_full_bake

REPORT_LIMIT = 50


class BakeReportView(WagtailAdminTemplateMixin, View):
    """The last bakes, newest first, with what failed and where."""

    template_name = "publishing/admin/report.html"
    page_title = gettext_lazy("Pubblicazione")
    header_icon = "upload"

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.get_page_title()}]

    def get(self, request: HttpRequest) -> HttpResponse:
        context = self.get_context_data(
            records=recent_bakes(limit=REPORT_LIMIT),
            report_limit=REPORT_LIMIT,
            can_start_bake=can_start_bake(request.user),
        )
        return self.render_to_response(context)


@require_POST
def start_bake_view(request: HttpRequest) -> HttpResponse:
    """Start a full bake, then go back to the report with a message."""
    if not can_start_bake(request.user):
        raise PermissionDenied
    record = start_full_bake(user=request.user)
    if record is not None and record.failed:
        messages.error(request, _("Pubblicazione non riuscita: il motivo è indicato "
                                  "nell'elenco qui sotto."))
    else:
        messages.success(request, _("Pubblicazione avviata"))
    return redirect(reverse("publishing_admin:report"))
