"""The figures an observatory page publishes: a CSV read, checked and written back.

Editors export these tables from a spreadsheet, so the reader takes what an Italian
spreadsheet saves (UTF-8 with or without BOM, or Windows-1252; commas or semicolons)
and refuses the rest with a message that names the line and the column at fault, in
the editor's words. What is stored, downloaded and baked is one canonical form
(UTF-8, commas, the header in lower case, no blanks around values), so the same
figures always bake the same bytes.
"""

from __future__ import annotations

import csv
import datetime
import io
import re
from collections import defaultdict
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

# The columns, in this order: one row per month, comune and sector.
COLUMNS = ("mese", "comune", "settore", "assunzioni", "cessazioni")
MAX_ROWS = 10_000
MAX_ERRORS = 5  # more than this and the editor is told only the first ones
_MONTH = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")
_COUNT = re.compile(r"^\d+$")


@dataclass(frozen=True)
class Row:
    """One line of figures: hires and terminations in a comune's sector in a month."""

    month: str  # "2024-01"
    comune: str
    sector: str
    hires: int
    terminations: int

    def as_dict(self) -> dict:
        """The row as the API gives it, with the CSV's column names."""
        return dict(zip(COLUMNS, (self.month, self.comune, self.sector, self.hires,
                                  self.terminations), strict=True))


@dataclass(frozen=True)
class MonthTotal:
    """All comuni and sectors of one month added up."""

    month: str
    hires: int
    terminations: int

    @property
    def first_day(self) -> datetime.date:
        return month_date(self.month)

    @property
    def balance(self) -> int:
        """Hires minus terminations (the «saldo»)."""
        return self.hires - self.terminations


def month_date(month: str) -> datetime.date:
    """The first day of a "2024-01" month."""
    year, number = month.split("-")
    return datetime.date(int(year), int(number), 1)


def decode(data: bytes) -> str:
    """The text of an uploaded file: UTF-8 (a BOM is dropped), else Windows-1252.

    Excel in Italian saves "CSV" as Windows-1252 and "CSV UTF-8" with a BOM.
    """
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError as error:
        raise ValidationError(_(
            "Il file non è un testo CSV leggibile: salvalo dal foglio di calcolo come "
            "«CSV UTF-8» e caricalo di nuovo.")) from error


def parse_series(*, text: str) -> list[Row]:
    """The rows of `text`, or a `ValidationError` listing what to fix, line and column."""
    if not text.strip():
        raise ValidationError(_(
            "Mancano i dati: serve la riga d'intestazione (%(columns)s) e almeno una riga di "
            "numeri.") % {"columns": ", ".join(COLUMNS)})
    first_line = text.lstrip("\ufeff").splitlines()[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    reader = csv.reader(io.StringIO(text.lstrip("\ufeff"), newline=""), delimiter=delimiter,
                        strict=True)
    errors: list[str] = []
    rows: list[Row] = []
    seen: dict[tuple[str, str, str], int] = {}
    try:
        header = next(reader)
        errors += _header_errors(header)
        if errors:  # without the right columns, every line below would be wrong too
            raise ValidationError(errors)
        for values in reader:
            line = reader.line_num
            if not any(value.strip() for value in values):
                continue  # a blank line, as spreadsheets leave at the end
            row, row_errors = _read_row(values, line=line)
            errors += row_errors
            if row is not None:
                key = (row.month, row.comune.casefold(), row.sector.casefold())
                if key in seen:
                    errors.append(_(
                        "Riga %(line)s: mese, comune e settore sono gli stessi della riga "
                        "%(other)s; somma le due righe o correggine una.")
                        % {"line": line, "other": seen[key]})
                seen.setdefault(key, line)
                rows.append(row)
            if len(errors) >= MAX_ERRORS:
                break
            if len(rows) > MAX_ROWS:
                raise ValidationError(_(
                    "Troppe righe: al massimo %(max)s righe di dati per pagina. Dividi i dati "
                    "su più pagine, ad esempio una per anno.") % {"max": "10.000"})
    except csv.Error:  # strict mode: only quotes go wrong this way
        errors.append(_("Riga %(line)s: le virgolette non tornano (una virgoletta aperta e mai "
                        "chiusa, o del testo subito dopo quella di chiusura).")
                      % {"line": reader.line_num})
    if errors:
        raise ValidationError(errors[:MAX_ERRORS])
    if not rows:
        raise ValidationError(_("C'è solo l'intestazione: aggiungi almeno una riga di numeri."))
    return sorted(rows, key=lambda row: (row.month, row.comune, row.sector))


def _header_errors(header: list[str]) -> list[str]:
    errors = []
    for number, expected in enumerate(COLUMNS, start=1):
        found = header[number - 1].strip().lower() if number <= len(header) else ""
        if not found:
            errors.append(_("Riga 1, colonna %(column)s: manca l'intestazione «%(expected)s». Le "
                            "colonne sono, in quest'ordine: %(columns)s.")
                          % {"column": number, "expected": expected,
                             "columns": ", ".join(COLUMNS)})
        elif found != expected:
            errors.append(_(
                "Riga 1, colonna %(column)s: l'intestazione deve essere «%(expected)s», "
                "non «%(found)s». Le colonne sono, in quest'ordine: %(columns)s.")
                % {"column": number, "expected": expected, "found": found,
                   "columns": ", ".join(COLUMNS)})
    for number in range(len(COLUMNS) + 1, len(header) + 1):
        if header[number - 1].strip():
            errors.append(_("Riga 1, colonna %(column)s: colonna «%(found)s» in più; le colonne "
                            "sono solo %(columns)s.")
                          % {"column": number, "found": header[number - 1].strip(),
                             "columns": ", ".join(COLUMNS)})
    return errors


def _read_row(values: list[str], *, line: int) -> tuple[Row | None, list[str]]:
    values = [value.strip() for value in values]
    errors = []
    while len(values) > len(COLUMNS) and not values[-1]:
        values.pop()  # trailing empty cells a spreadsheet adds
    if len(values) > len(COLUMNS):
        return None, [_("Riga %(line)s, colonna %(column)s: valore «%(value)s» in più; le "
                        "colonne sono %(count)s.")
                      % {"line": line, "column": len(COLUMNS) + 1,
                         "value": values[len(COLUMNS)], "count": len(COLUMNS)}]
    values += [""] * (len(COLUMNS) - len(values))
    month, comune, sector, hires, terminations = values

    def fault(column: int, message: str) -> None:
        errors.append(_("Riga %(line)s, colonna %(column)s («%(name)s»): %(message)s")
                      % {"line": line, "column": column, "name": COLUMNS[column - 1],
                         "message": message})

    if not _MONTH.match(month):
        fault(1, _("«%(value)s» non è un mese nella forma AAAA-MM, ad esempio 2024-01.")
              % {"value": month} if month else _("manca il mese, ad esempio 2024-01."))
    for column, value in ((2, comune), (3, sector)):
        if not value:
            fault(column, _("il valore è vuoto."))
    counts = []
    for column, value in ((4, hires), (5, terminations)):
        if _COUNT.match(value):
            counts.append(int(value))
        elif not value:
            fault(column, _("manca il numero (scrivi 0 se è zero)."))
        else:
            fault(column, _("«%(value)s» non è un numero intero di persone: scrivi solo cifre, "
                            "senza punti, spazi o segni.") % {"value": value})
    if errors:
        return None, errors
    return Row(month, comune, sector, *counts), []


def series_to_csv(rows: list[Row]) -> str:
    """The canonical CSV of `rows` (what is stored and downloaded)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    for row in rows:
        writer.writerow([row.month, row.comune, row.sector, row.hires, row.terminations])
    return out.getvalue()


def monthly_totals(rows: list[Row]) -> list[MonthTotal]:
    """The series summed over comuni and sectors, month by month."""
    sums: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for row in rows:
        sums[row.month][0] += row.hires
        sums[row.month][1] += row.terminations
    return [MonthTotal(month, *sums[month]) for month in sorted(sums)]
