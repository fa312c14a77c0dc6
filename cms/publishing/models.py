"""What the publishing app keeps in the database: one record per bake.

The bake itself writes only files; these records exist so that the communications
staff can see, in the admin, whether the site they just published actually went
online, and if not, which page to fix.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _


class BakeRecord(models.Model):
    """One run of the bake (full, incremental or scheduled), from start to outcome."""

    class Kind(models.TextChoices):
        FULL = "full", _("Completa")
        INCREMENTAL = "incremental", _("Incrementale")
        SCHEDULED = "scheduled", _("Programmata")

    class Status(models.TextChoices):
        RUNNING = "running", _("In corso")
        SUCCEEDED = "succeeded", _("Riuscita")
        FAILED = "failed", _("Non riuscita")

    kind = models.CharField(_("tipo"), max_length=20, choices=Kind.choices, default=Kind.FULL)
    status = models.CharField(_("esito"), max_length=20, choices=Status.choices,
                              default=Status.RUNNING, db_index=True)
    started_at = models.DateTimeField(_("iniziata il"), default=timezone.now, db_index=True)
    finished_at = models.DateTimeField(_("terminata il"), null=True, blank=True)
    duration = models.DurationField(_("durata"), null=True, blank=True)
    pages = models.PositiveIntegerField(_("pagine"), default=0)
    files = models.PositiveIntegerField(_("file"), default=0)
    warnings = models.PositiveIntegerField(_("avvisi"), default=0)
    error_message = models.TextField(_("messaggio di errore"), blank=True)
    failed_page = models.ForeignKey(
        "wagtailcore.Page", verbose_name=_("pagina che ha causato l'errore"),
        null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
    )
    # Kept as text too: the page may be deleted later, and not every failing
    # address is a page (a feed, a listing by tag).
    failed_page_title = models.CharField(_("titolo della pagina con l'errore"), max_length=255,
                                         blank=True)
    failed_page_url = models.CharField(_("indirizzo della pagina con l'errore"),
                                       max_length=2048, blank=True)
    # What to fix, page by page (`problems.Problem` as dicts: title, edit_url, detail).
    problems = models.JSONField(_("pagine da correggere"), default=list, blank=True)
    triggered_by_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("avviata da (utente)"),
        null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
    )
    triggered_by = models.CharField(
        _("avviata da"), max_length=150, blank=True,
        help_text=_("Il nome dell'utente, oppure «cron» o «pubblicazione» per i bake automatici."),
    )

    # Each network is baked on its own: the record names which one.
    site = models.ForeignKey(
        "wagtailcore.Site", verbose_name=_("sito"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )

    # Who runs the bake, so a record whose process died is not shown "In corso" for ever.
    pid = models.PositiveIntegerField(_("processo"), null=True, blank=True)
    host = models.CharField(_("macchina"), max_length=255, blank=True)
    # The task-queue row (django-tasks-db) the bake ran for, so a dead bake's task is re-run.
    task_id = models.CharField(_("attività in coda"), max_length=64, blank=True)

    class Meta:
        verbose_name = _("pubblicazione del sito")
        verbose_name_plural = _("pubblicazioni del sito")
        ordering = ["-started_at", "-pk"]
        permissions = [
            ("start_bake", _("Può avviare una pubblicazione completa del sito")),
        ]

    def __str__(self) -> str:
        return _("Pubblicazione %(kind)s del %(date)s (%(status)s)") % {
            "kind": self.get_kind_display().lower(),
            "date": timezone.localtime(self.started_at).strftime("%d/%m/%Y %H:%M"),
            "status": self.get_status_display().lower(),
        }

    @property
    def duration_display(self) -> str:
        """The duration as an editor reads it: "12,3 s" or "2 min 5 s"."""
        if self.duration is None:
            return ""
        total = self.duration.total_seconds()
        if total < 60:
            return _("%(seconds)s s") % {"seconds": formats.number_format(total, 1)}
        minutes, seconds = divmod(round(total), 60)
        return _("%(minutes)d min %(seconds)d s") % {"minutes": minutes, "seconds": seconds}

    @property
    def is_running(self) -> bool:
        return self.status == self.Status.RUNNING

    @property
    def succeeded(self) -> bool:
        return self.status == self.Status.SUCCEEDED

    @property
    def failed(self) -> bool:
        return self.status == self.Status.FAILED
