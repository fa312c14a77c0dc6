"""Renditions keep the name Wagtail gives them (`cms/core/rendition_storage.py`)."""

import os

import pytest
import wagtail_factories

from wagtail.images.models import Image

pytestmark = pytest.mark.django_db


def test_a_rendition_made_again_keeps_its_name_so_a_bake_does_not_depend_on_a_race():
    """Two bake workers may make the same rendition at once: the second finds the first's
    file already there, and its row may be the one the database keeps."""
    photo = wagtail_factories.ImageFactory(title="gara", file__filename="gara.jpg")
    first = photo.get_rendition("max-400x300|format-webp")
    storage, name = first.file.storage, first.file.name
    first_bytes = storage.open(name).read()
    # The other worker's row is not there (yet); its file is.
    type(first).objects.filter(pk=first.pk).delete()
    assert storage.exists(name)
    photo = Image.objects.get(pk=photo.pk)  # nothing remembered from the first rendition

    again = photo.get_rendition("max-400x300|format-webp")

    assert again.file.name == name
    folder, file_name = os.path.split(storage.path(name))
    made = [entry for entry in os.listdir(folder) if "gara" in entry]
    assert made == [file_name]  # no second copy under another name, no half-written file
    assert storage.open(name).read() == first_bytes
