"""The observatory page's admin form: the figures come as a CSV file, or typed.

An uploaded file replaces the text of the «dati» field. A file with mistakes is refused
with the line and column of each one (`series.parse_series`); the form comes back with
everything the editor typed, and the figures saved before stay as they were.
"""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from cms.core.forms import RetePageForm

from .series import decode, parse_series, series_to_csv

MAX_UPLOAD_BYTES = 2 * 1024 * 1024


class ObservatoryPageForm(RetePageForm):
    """Adds the CSV upload to the page's fields."""

    data_file = forms.FileField(
        label=_("carica un file CSV"), required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
        help_text=_("Sostituisce i dati qui sotto. Colonne, in quest'ordine: mese (AAAA-MM), "
                    "comune, settore, assunzioni, cessazioni; separate da virgola o punto e "
                    "virgola."))

    def clean(self):
        cleaned = super().clean()
        upload = cleaned.get("data_file")
        if not upload:
            return cleaned
        if upload.size > MAX_UPLOAD_BYTES:
            self.add_error("data_file", _("Il file è troppo grande (al massimo 2 MB): dividi i "
                                          "dati su più pagine."))
            return cleaned
        try:
            rows = parse_series(text=decode(upload.read()))
        except ValidationError as error:
            prefix = _("Il file «%(name)s» non è stato caricato.") % {"name": upload.name}
            self.add_error("data_file", [prefix, *error.messages])
            return cleaned
        cleaned["data"] = series_to_csv(rows)
        self.errors.pop("data", None)  # the old figures' mistakes no longer matter
        return cleaned
