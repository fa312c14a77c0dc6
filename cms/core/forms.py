"""The admin's page form, with refusals an editor understands.

Each refusal says, in Italian, what is wrong and what to do; the form comes back with
everything the editor typed. Images and documents have theirs in `upload_forms.py`.
"""

from __future__ import annotations

import re

from django import forms
from django.utils.translation import gettext_lazy as _

from wagtail.admin.forms import WagtailAdminPageForm

from .internal_links import internal_path, path_answers, typed_link_addresses

SCRIPT_LINK_MESSAGE = _(
    "I collegamenti «javascript:» (o «vbscript:», «data:») non sono ammessi: eseguirebbero "
    "codice nel browser di chi li apre. Inserisci un indirizzo che inizi con https://, "
    "mailto: o tel:.")
NOWHERE_LINK_MESSAGE = _(
    "Il collegamento «%(address)s» non porta a nessuna pagina pubblicata del sito. Per una "
    "pagina del sito usa «Collegamento interno» e sceglila dall'elenco (l'indirizzo la segue "
    "anche se cambia), oppure correggi l'indirizzo.")
SLUG_MESSAGE = _(
    "L'indirizzo della pagina (slug) può contenere solo lettere senza accenti, numeri e "
    "trattini: «%(slug)s» contiene emoji, spazi o simboli. Ad esempio: «corsi-per-giovani».")
# A whole value that is a script URL (a URL field, an inline's address), allowing the
# blanks and control characters browsers ignore inside a scheme. Only URL fields are
# read this way: a title may well start with "JavaScript: corso base".
_SCRIPT_URL = re.compile(r"^[\x00-\x20]*(?:j\s*a\s*v\s*a\s*s\s*c\s*r\s*i\s*p\s*t|"
                         r"v\s*b\s*s\s*c\s*r\s*i\s*p\s*t|data)\s*:", re.IGNORECASE)
# The same as a link's address inside rich text (Draftail's JSON: `"url": "javascript:…"`).
_SCRIPT_URL_IN_JSON = re.compile(
    r'"(?:url|href)"\s*:\s*"(?:\\[tnr]|\\u00[01][0-9a-f]|\s)*(?:java|vb)script\s*:',
    re.IGNORECASE)
_SLUG = re.compile(r"^[-a-zA-Z0-9_]+$")  # Django's SlugField, minus nothing it accepts


class RetePageForm(WagtailAdminPageForm):
    """Every page's admin form: script links and unreadable slugs are refused by name."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        slug = self.fields.get("slug")
        if slug is not None:
            # Wagtail's widget silently drops emoji and symbols when the field loses
            # focus; the editor is told instead (`clean_slug`). Title → slug still works.
            action = slug.widget.attrs.get("data-action", "")
            slug.widget.attrs["data-action"] = action.replace("blur->w-slug#slugify", "").strip()

    def full_clean(self):
        super().full_clean()
        if self.is_bound:
            self._refuse_script_links()
            self._refuse_links_to_nowhere()
            self._explain_slug()

    def _refuse_script_links(self) -> None:
        """A script URL typed in a URL field, or chosen as a link inside rich text."""
        for key in sorted(self.data):
            values = self.data.getlist(key) if hasattr(self.data, "getlist") else [self.data[key]]
            values = [value for value in values if isinstance(value, str)]
            field = self.fields.get(key)
            if isinstance(field, forms.URLField) and any(map(_SCRIPT_URL.match, values)):
                # Instead of the URL field's "Inserisci un URL valido", which says not why.
                self._errors[key] = self.error_class([SCRIPT_LINK_MESSAGE])
                self.cleaned_data.pop(key, None)
            elif any(_SCRIPT_URL_IN_JSON.search(value) for value in values) or (
                    key.endswith("url") and any(map(_SCRIPT_URL.match, values))):
                if SCRIPT_LINK_MESSAGE not in self.non_field_errors():
                    self.add_error(None, SCRIPT_LINK_MESSAGE)

    def _refuse_links_to_nowhere(self) -> None:
        """An address of this site typed into a rich-text link that no live page answers."""
        for key in sorted(self.data):
            values = self.data.getlist(key) if hasattr(self.data, "getlist") else [self.data[key]]
            for value in values:
                if not isinstance(value, str):
                    continue
                for address in typed_link_addresses(value):
                    path = internal_path(address)
                    if path is not None and not path_answers(path):
                        message = NOWHERE_LINK_MESSAGE % {"address": address}
                        if message not in self.non_field_errors():
                            self.add_error(None, message)

    def _explain_slug(self) -> None:
        typed = str(self.data.get(self.add_prefix("slug"), "") or "").strip()
        if "slug" in self.fields and typed and not _SLUG.match(typed):
            self._errors["slug"] = self.error_class([SLUG_MESSAGE % {"slug": typed}])
            self.cleaned_data.pop("slug", None)
