"""How a document is described next to its link: "1,2 kB, PDF, 3 pagine".

The description is written in one place (`document_summary`), in Italian whatever the
language of the process, since citizens read it. A PDF's page count is read with
pypdf once, when the document is saved (`record_document_facts`, from a signal), and
stored in `DocumentFacts`: a bake renders the same link thousands of times.
"""

from __future__ import annotations

import logging

from django.utils.formats import number_format
from django.utils.translation import ngettext, override

from wagtail.documents.models import AbstractDocument

logger = logging.getLogger(__name__)

_UNITS = ("kB", "MB", "GB")


def italian_size(num_bytes: int) -> str:
    """A file size as Italians write it: "987 byte", "1,2 kB", "3,4 MB" (decimal units)."""
    if num_bytes < 1000:
        return f"{num_bytes} byte"
    value = float(num_bytes)
    for unit in _UNITS:
        value /= 1000
        if value < 1000 or unit == _UNITS[-1]:
            break
    with override("it"):
        return f"{number_format(round(value, 1), decimal_pos=1, use_l10n=True)} {unit}"


def read_page_count(document: AbstractDocument) -> int | None:
    """The number of pages a PDF declares, or None (not a PDF, or unreadable)."""
    if document.file_extension.lower() != "pdf":
        return None
    from pypdf import PdfReader

    try:
        with document.open_file() as handle:
            return len(PdfReader(handle).pages) or None
    except Exception as error:  # any broken upload: the link is still shown, without a count
        logger.info("No page count for document %s: %s", document.pk, error)
        return None


def record_document_facts(*, document: AbstractDocument) -> None:
    """Read the facts of `document`'s file and store them, unless they are already current."""
    from .models import DocumentFacts

    name = document.file.name
    if DocumentFacts.objects.filter(document_id=document.pk, file_name=name).exists():
        return
    DocumentFacts.objects.update_or_create(
        document_id=document.pk,
        defaults={"file_name": name, "page_count": read_page_count(document)})


def page_count(document: AbstractDocument) -> int | None:
    """The stored page count; recorded now if the document predates `DocumentFacts`."""
    from .models import DocumentFacts

    facts = DocumentFacts.objects.filter(document_id=document.pk).first()
    if facts is None or facts.file_name != document.file.name:
        record_document_facts(document=document)
        facts = DocumentFacts.objects.get(document_id=document.pk)
    return facts.page_count


def document_summary(document: AbstractDocument) -> str:
    """Size, type and (for a PDF that says it) pages: "1,2 kB, PDF, 3 pagine"."""
    with override("it"):
        parts = []
        size = document.get_file_size()
        if size:
            parts.append(italian_size(size))
        if document.file_extension:
            parts.append(document.file_extension.upper())
        pages = page_count(document)
        if pages:
            parts.append(ngettext("%(count)d pagina", "%(count)d pagine", pages)
                         % {"count": pages})
        return ", ".join(parts)
