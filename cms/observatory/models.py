"""The labour-market observatory: pages that publish figures (hires and terminations).

The figures are a CSV kept in the page (so revisions, previews and the site_content
files carry them like any other field); the page shows them as a table and a chart,
offers the CSV for download and gives the series in the API. Reading and checking
the CSV is `series`, drawing the chart is `chart`.
"""

from __future__ import annotations

import datetime
from functools import cached_property

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from cms.core.blocks import BodyBlock
from cms.core.models import BasePage

from .forms import ObservatoryPageForm
from .series import MonthTotal, Row, month_date, monthly_totals, parse_series

CSV_FILE_NAME = "dati.csv"  # beside the page: /osservatorio-lavoro/dati.csv


class ObservatoryPage(BasePage):
    """A table of figures on the local labour market, with its chart and its CSV."""

    template = "pages/observatory_page.html"
    parent_page_types = ["core.HomePage"]
    subpage_types: list[str] = []
    base_form_class = ObservatoryPageForm
    # site_content/ keeps the figures as a CSV file beside the page's YAML (cms/sitecontent).
    site_content_files = {"data": "csv"}

    data = models.TextField(
        _("dati (CSV)"),
        help_text=_("Una riga d'intestazione «mese,comune,settore,assunzioni,cessazioni», poi "
                    "una riga per mese, comune e settore, ad esempio «2024-01,Carpi,Commercio,"
                    "42,35». Si può anche caricare un file qui sopra."))
    source = models.CharField(
        _("fonte"), max_length=255,
        help_text=_("Da dove vengono i numeri, ad esempio «Comunicazioni obbligatorie, "
                    "elaborazione dell'osservatorio»."))
    is_example = models.BooleanField(
        _("dati di esempio"), default=False,
        help_text=_("Segna i numeri inventati (una dimostrazione): la pagina lo dice in "
                    "evidenza."))
    body = StreamField(BodyBlock(), verbose_name=_("note e metodo"), blank=True)

    content_panels = Page.content_panels + [
        FieldPanel("intro"),
        MultiFieldPanel([FieldPanel("data_file"), FieldPanel("data"), FieldPanel("source"),
                         FieldPanel("is_example")], heading=_("I dati")),
        FieldPanel("body"),
    ]
    search_fields = BasePage.search_fields + [index.SearchField("body")]
    api_fields = BasePage.api_fields + [
        APIField("source"), APIField("is_example"), APIField("csv_url"), APIField("series"),
        APIField("body")]

    class Meta:
        verbose_name = _("pagina dell'osservatorio")
        verbose_name_plural = _("pagine dell'osservatorio")

    def clean(self):
        super().clean()
        try:
            parse_series(text=self.data or "")
        except ValidationError as error:
            raise ValidationError({"data": error.messages}) from error

    @cached_property
    def rows(self) -> list[Row]:
        """The figures, line by line, in month, comune and sector order."""
        return parse_series(text=self.data)

    @property
    def series(self) -> list[dict]:
        """The figures as the API gives them: one object per CSV line."""
        return [row.as_dict() for row in self.rows]

    @cached_property
    def totals(self) -> list[MonthTotal]:
        """Every month, all comuni and sectors added up."""
        return monthly_totals(self.rows)

    @property
    def csv_url(self) -> str:
        """The CSV's address on the site (relative, as the page's own links are)."""
        parts = self.get_url_parts()
        return (parts[2] if parts else "/") + CSV_FILE_NAME

    @property
    def comuni(self) -> list[str]:
        return sorted({row.comune for row in self.rows})

    @property
    def sectors(self) -> list[str]:
        return sorted({row.sector for row in self.rows})

    def period(self) -> tuple[datetime.date, datetime.date]:
        """The first and the last month of the figures."""
        return month_date(self.totals[0].month), month_date(self.totals[-1].month)

    def chart_series(self) -> list[tuple[str, list[int]]]:
        """The chart's series in the order of its colours, also named by the page's legend."""
        return [(str(_("Assunzioni")), [total.hires for total in self.totals]),
                (str(_("Cessazioni")), [total.terminations for total in self.totals])]

    def chart(self):
        """The chart of the monthly totals, as inline SVG (see `chart`)."""
        from .chart import bar_chart_svg
        from .texts import chart_description, chart_title

        return bar_chart_svg(
            labels=[date_format(month_date(total.month), "M Y") for total in self.totals],
            series=self.chart_series(),
            title=chart_title(page=self), description=chart_description(page=self),
            id_prefix="grafico")

    def structured_data(self, *, request=None) -> list[dict]:
        """The page as schema.org `Dataset`, with the CSV as its download (see `jsonld`)."""
        from .jsonld import dataset_data

        return [dataset_data(self)]
