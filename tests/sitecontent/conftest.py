"""Shared fixtures: the committed demo content and a writable copy of it."""

import datetime
import shutil
from pathlib import Path

import pytest

from django.conf import settings

PINNED_DAY = datetime.date(2025, 1, 15)
# The folders of the two demo networks, as the loader names their files.
CITTA = "networks/citta-del-lavoro/"
MODENA = "networks/modena-carpi/"


@pytest.fixture
def content_dir() -> Path:
    return Path(settings.SITE_CONTENT_DIR)


@pytest.fixture
def content_copy(tmp_path, content_dir) -> Path:
    """A copy of site_content/ a test may edit."""
    target = tmp_path / "content"
    shutil.copytree(content_dir, target)
    return target
