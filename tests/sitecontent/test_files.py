"""Page fields kept in a file of their own beside the page's YAML (the observatory's CSV)."""

import csv
import io

import pytest

from cms.observatory.models import ObservatoryPage
from cms.sitecontent.services import ContentError, load_site_content

from .conftest import CITTA, PINNED_DAY

pytestmark = pytest.mark.django_db
PAGE = CITTA + "pages/osservatorio-lavoro.yaml"
CSV = CITTA + "pages/osservatorio-lavoro.data.csv"


def test_the_csv_beside_the_page_is_its_figures(content_dir):
    load_site_content(path=content_dir, today=PINNED_DAY)
    page = ObservatoryPage.objects.get(slug="osservatorio-lavoro")
    with (content_dir / CSV).open(newline="", encoding="utf-8") as file:
        assert list(csv.reader(file)) == list(csv.reader(io.StringIO(page.data)))
    assert page.is_example and len(page.rows) == 36


def test_changing_only_the_csv_reloads_the_page(content_copy):
    load_site_content(path=content_copy, today=PINNED_DAY)
    with (content_copy / CSV).open("a", encoding="utf-8") as file:
        file.write("2024-07,Varese,Servizi,300,290\n")

    report = load_site_content(path=content_copy)

    assert report.updated == [PAGE]
    assert ObservatoryPage.objects.get(slug="osservatorio-lavoro").rows[-1].month == "2024-07"
    assert load_site_content(path=content_copy).updated == []  # and only once


def test_a_missing_csv_is_named_with_its_page_and_field(content_copy):
    (content_copy / CSV).unlink()
    with pytest.raises(ContentError) as caught:
        load_site_content(path=content_copy, today=PINNED_DAY)
    assert PAGE in str(caught.value) and "data" in str(caught.value)
    assert "osservatorio-lavoro.data.csv" in str(caught.value)


def test_a_mistake_in_the_csv_is_told_as_the_editor_reads_it(content_copy):
    text = (content_copy / CSV).read_text(encoding="utf-8")
    (content_copy / CSV).write_text(text.replace(",14,13\n", ",14,tredici\n", 1),
                                    encoding="utf-8")
    with pytest.raises(ContentError) as caught:
        load_site_content(path=content_copy, today=PINNED_DAY)
    assert "Riga 2, colonna 5 («cessazioni»): «tredici»" in str(caught.value)
    assert not ObservatoryPage.objects.exists()
