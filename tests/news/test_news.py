"""News: an image always comes with a text alternative."""

import pytest

from django.core.exceptions import ValidationError

from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file

from tests import factories


@pytest.mark.django_db
def test_news_image_without_alt_text_is_refused(site_tree):
    image = Image.objects.create(title="Firma dell'accordo", file=get_test_image_file())
    news = factories.NewsPageFactory(parent=site_tree.news, title="Nasce la rete", image=image,
                                     image_alt="Gli assessori firmano l'accordo")
    news.full_clean()
    news.image_alt = "  "
    with pytest.raises(ValidationError) as error:
        news.full_clean()
    assert "Scrivi un testo alternativo per l'immagine" in str(error.value)
