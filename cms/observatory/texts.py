"""What the chart says in words: its title and the description a screen reader reads."""

from __future__ import annotations

from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .series import month_date


def _month(month: str) -> str:
    return date_format(month_date(month), "F Y").lower()


def chart_title(*, page) -> str:
    return _("Assunzioni e cessazioni per mese, %(start)s – %(end)s") % {
        "start": _month(page.totals[0].month), "end": _month(page.totals[-1].month)}


def chart_description(*, page) -> str:
    """The extremes of both series, and where the figures are, in one paragraph."""
    totals = page.totals
    where = (ngettext("%(n)s comune", "%(n)s comuni", len(page.comuni))
             % {"n": len(page.comuni)},
             ngettext("%(n)s settore", "%(n)s settori", len(page.sectors))
             % {"n": len(page.sectors)})
    parts = [_("Grafico a barre: per ogni mese, le assunzioni e le cessazioni sommate su "
               "%(comuni)s e %(sectors)s.") % {"comuni": where[0], "sectors": where[1]}]
    for label, value in ((_("assunzioni"), lambda t: t.hires),
                         (_("cessazioni"), lambda t: t.terminations)):
        low, high = min(totals, key=value), max(totals, key=value)
        parts.append(_("Le %(what)s vanno da %(low)s (%(low_month)s) a %(high)s "
                       "(%(high_month)s).")
                     % {"what": label, "low": number_format(value(low), force_grouping=True),
                        "low_month": _month(low.month),
                        "high": number_format(value(high), force_grouping=True),
                        "high_month": _month(high.month)})
    parts.append(_("I numeri di ogni mese sono nella tabella che segue."))
    return " ".join(parts)
