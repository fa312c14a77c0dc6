"""The admin's image and document forms (`WAGTAILIMAGES_IMAGE_FORM_BASE`,
`WAGTAILDOCS_DOCUMENT_FORM_BASE`): Wagtail's own, refusing in plain Italian what
`uploads.py` does not allow. The form comes back with what the editor typed.
"""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from wagtail.documents.forms import BaseDocumentForm
from wagtail.images.forms import BaseImageForm

from .uploads import document_problem

IMAGE_FORMAT_MESSAGE = _(
    "Formato non accettato: carica un'immagine JPEG, PNG, GIF o WebP. Le immagini SVG non "
    "sono accettate perché possono contenere script.")
TOO_MANY_PIXELS_MESSAGE = _(
    "L'immagine ha troppi pixel per essere elaborata (al massimo %(max_pixels_count)s): "
    "riducila con un programma di grafica e caricala di nuovo.")


class ReteImageForm(BaseImageForm):
    """Wagtail's image form with the refusals in plain Italian (SVG, too many pixels)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields.get("file")
        if field is not None:
            field.error_messages["invalid_image_extension"] = IMAGE_FORMAT_MESSAGE
            # Wagtail's own says "unknown number" for a decompression bomb, in English.
            field.error_messages["file_too_many_pixels"] = TOO_MANY_PIXELS_MESSAGE


class ReteDocumentForm(BaseDocumentForm):
    """Wagtail's document form, accepting only the allowed types, checked by content."""

    def clean_file(self):
        uploaded = self.cleaned_data.get("file")
        if uploaded is None or not hasattr(uploaded, "read") or "file" not in self.changed_data:
            return uploaded
        uploaded.seek(0)
        problem = document_problem(name=uploaded.name, data=uploaded.read())
        uploaded.seek(0)
        if problem:
            self._file_problem = problem
            raise forms.ValidationError(problem, code="document_type")
        return uploaded

    def _post_clean(self):
        super()._post_clean()
        problem = getattr(self, "_file_problem", None)
        if problem:
            # Alone: the model's own check then sees no file and adds a puzzling second one.
            self._errors["file"] = self.error_class([problem])
