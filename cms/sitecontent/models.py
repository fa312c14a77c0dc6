"""What the content loader remembers between runs.

The anchor makes relative dates ("@+14") stable: they are counted from the day the
content was first loaded, so a second load or an export months later gives the same
dates. `LoadedFile` lets a later load tell "the file changed" from "an editor changed
the page in the CMS", so the loader never silently overwrites an editor's work.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ContentAnchor(models.Model):
    """The day relative dates are counted from (one row, written at the first load)."""

    day = models.DateField(_("giorno di riferimento"))
    created_at = models.DateTimeField(_("creato il"), auto_now_add=True)

    class Meta:
        verbose_name = _("giorno di riferimento dei contenuti")

    def __str__(self) -> str:
        return self.day.isoformat()


class LoadedFile(models.Model):
    """One file of `site_content/` as last loaded: its checksum, text and the object it made."""

    KINDS = [
        ("page", _("pagina")),
        ("snippets", _("frammenti")),
        ("site", _("sito e impostazioni")),
        ("image", _("immagine")),
        ("document", _("documento")),
    ]
    path = models.CharField(_("file"), max_length=500, unique=True,
                            help_text=_("Percorso relativo alla cartella dei contenuti."))
    kind = models.CharField(_("tipo"), max_length=20, choices=KINDS)
    checksum = models.CharField(_("impronta SHA-256"), max_length=64)
    source = models.TextField(_("testo caricato"), blank=True)
    object_id = models.PositiveBigIntegerField(_("oggetto"), null=True, blank=True)
    revision_id = models.PositiveBigIntegerField(_("revisione caricata"), null=True, blank=True)
    loaded_at = models.DateTimeField(_("caricato il"), auto_now=True)

    class Meta:
        verbose_name = _("file caricato")
        verbose_name_plural = _("file caricati")
        ordering = ["path"]
        indexes = [models.Index(fields=["kind", "object_id"])]

    def __str__(self) -> str:
        return self.path
