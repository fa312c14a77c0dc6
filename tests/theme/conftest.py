"""Helpers for the theme tests: render a page as a citizen's browser would get it."""

import pytest
from bs4 import BeautifulSoup


@pytest.fixture
def render(client):
    """GET a path on the site and return the parsed HTML (asserting the status)."""

    def _render(path: str, *, status: int = 200) -> BeautifulSoup:
        response = client.get(path, HTTP_HOST="localhost")
        assert response.status_code == status, f"{path}: {response.status_code}"
        return BeautifulSoup(response.content, "html.parser")

    return _render
