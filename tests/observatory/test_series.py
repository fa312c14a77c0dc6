"""Reading an observatory CSV: what a spreadsheet saves is accepted, every mistake is named by
line and column in Italian, and the stored form is one canonical CSV."""

import csv
import io

import pytest

from django.core.exceptions import ValidationError

from cms.observatory.series import (
    COLUMNS,
    decode,
    monthly_totals,
    parse_series,
    series_to_csv,
)

HEADER = "mese,comune,settore,assunzioni,cessazioni\n"


def messages(text: str) -> list[str]:
    with pytest.raises(ValidationError) as caught:
        parse_series(text=text)
    return caught.value.messages


def test_an_italian_spreadsheet_export_is_read_and_written_back_canonical():
    # Excel in Italian: semicolons, Windows-1252, CRLF, a trailing empty line and cell.
    exported = ("Mese;Comune;Settore;Assunzioni;Cessazioni\r\n"
                "2024-02;Città di Varese;Attività manifatturiere;120;98;\r\n"
                "2024-01; Ispra ;Servizi;7;0\r\n;;;;\r\n").encode("cp1252")
    rows = parse_series(text=decode(exported))
    assert [row.as_dict() for row in rows] == [
        {"mese": "2024-01", "comune": "Ispra", "settore": "Servizi", "assunzioni": 7,
         "cessazioni": 0},
        {"mese": "2024-02", "comune": "Città di Varese", "settore": "Attività manifatturiere",
         "assunzioni": 120, "cessazioni": 98},
    ]
    canonical = series_to_csv(rows)
    assert canonical.startswith(HEADER)
    assert list(csv.reader(io.StringIO(canonical)))[2] == [
        "2024-02", "Città di Varese", "Attività manifatturiere", "120", "98"]
    assert parse_series(text=canonical) == rows


def test_utf8_with_bom_is_read():
    text = decode(("\ufeff" + HEADER + "2024-01,Forlì,Servizi,3,2\n").encode("utf-8"))
    assert parse_series(text=text)[0].comune == "Forlì"


@pytest.mark.parametrize(("line", "expected"), [
    ("2024-13,Ispra,Servizi,1,1",
     "Riga 3, colonna 1 («mese»): «2024-13» non è un mese nella forma AAAA-MM"),
    ("gennaio 2024,Ispra,Servizi,1,1",
     "Riga 3, colonna 1 («mese»): «gennaio 2024» non è un mese"),
    ("2024-02,,Servizi,1,1", "Riga 3, colonna 2 («comune»): il valore è vuoto."),
    ("2024-02,Ispra,,1,1", "Riga 3, colonna 3 («settore»): il valore è vuoto."),
    ("2024-02,Ispra,Servizi,1.200,1",
     "Riga 3, colonna 4 («assunzioni»): «1.200» non è un numero intero di persone"),
    ("2024-02,Ispra,Servizi,12,-3",
     "Riga 3, colonna 5 («cessazioni»): «-3» non è un numero intero di persone"),
    ("2024-02,Ispra,Servizi,12",
     "Riga 3, colonna 5 («cessazioni»): manca il numero (scrivi 0 se è zero)."),
    ("2024-02,Ispra,Servizi,12,3,nota",
     "Riga 3, colonna 6: valore «nota» in più; le colonne sono 5."),
    ("2024-01,ispra,servizi,4,4",
     "Riga 3: mese, comune e settore sono gli stessi della riga 2"),
])
def test_each_mistake_names_its_line_and_column(line, expected):
    text = HEADER + "2024-01,Ispra,Servizi,7,5\n" + line + "\n"
    found = messages(text)
    assert len(found) == 1 and found[0].startswith(expected), found


def test_a_wrong_header_names_the_column_and_lists_the_expected_ones():
    found = messages("mese,città,settore,assunti,cessazioni\n2024-01,Ispra,Servizi,1,1\n")
    assert found == [
        "Riga 1, colonna 2: l'intestazione deve essere «comune», non «città». Le colonne sono, "
        "in quest'ordine: " + ", ".join(COLUMNS) + ".",
        "Riga 1, colonna 4: l'intestazione deve essere «assunzioni», non «assunti». Le colonne "
        "sono, in quest'ordine: " + ", ".join(COLUMNS) + ".",
    ]


def test_a_missing_column_is_named():
    found = messages("mese,comune,settore,assunzioni\n2024-01,Ispra,Servizi,1\n")
    assert found == ["Riga 1, colonna 5: manca l'intestazione «cessazioni». Le colonne sono, "
                     "in quest'ordine: " + ", ".join(COLUMNS) + "."]


def test_the_line_number_counts_physical_lines_including_quoted_newlines():
    text = HEADER + '2024-01,"Ispra\n(sede)",Servizi,1,1\n2024-02,Ispra,Servizi,x,1\n'
    assert messages(text)[0].startswith("Riga 4, colonna 4 («assunzioni»): «x»")


def test_only_the_first_five_mistakes_are_listed():
    text = HEADER + "".join(f"2024-01,Ispra{n},Servizi,uno,1\n" for n in range(20))
    found = messages(text)
    assert len(found) == 5 and found[-1].startswith("Riga 6, colonna 4")


@pytest.mark.parametrize(("text", "expected"), [
    ("", "Mancano i dati"),
    (HEADER, "C'è solo l'intestazione"),
    (HEADER + '2024-01,"Ispra,Servizi,1,1\n', "Riga 2: le virgolette non tornano"),
    (HEADER + '2024-01,"Ispra"x,Servizi,1,1\n', "Riga 2: le virgolette non tornano"),
])
def test_empty_and_broken_files_are_explained(text, expected):
    assert messages(text)[0].startswith(expected)


def test_monthly_totals_add_up_comuni_and_sectors():
    rows = parse_series(text=HEADER + "2024-01,A,X,3,1\n2024-01,B,Y,4,9\n2024-02,A,X,1,0\n")
    totals = monthly_totals(rows)
    assert [(t.month, t.hires, t.terminations, t.balance) for t in totals] == [
        ("2024-01", 7, 10, -3), ("2024-02", 1, 0, 1)]
