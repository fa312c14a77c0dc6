"""Themes are data, chosen per site: `themes/<name>/templates` and `themes/<name>/static`.

Each Wagtail site names its theme in its portal settings (`PortalSettings.theme`; empty means
the installation's `RETE_THEME`). A theme overrides only what differs: any template or static
file it lacks comes from `themes/default/` (Pelican's theme → default order).

Django picks templates and static files from fixed settings, so the choice is carried by a
context variable, the *active theme*, that the template loader and the static finder read:

* a template rendered with a request (every page, live or baked, the 404 and search pages,
  the admin's preview) is rendered in the theme of the request's site
  (`theme_engine.ThemedTemplates`);
  templates included or extended while it renders follow it;
* code working for one site outside a request (the bake of each site, copying its theme's
  static files among the rest) says so with `site_settings.use_site(site)` or
  `ThemeStaticFinder(theme=…)`;
* anything else gets the installation's theme (`RETE_THEME`), so nothing reads the database
  at start-up.
"""

from __future__ import annotations

import functools
import tomllib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles.finders import FileSystemFinder
from django.core.files.storage import FileSystemStorage
from django.template.loaders.cached import Loader as CachedLoader
from django.template.loaders.filesystem import Loader as FileSystemLoader

DEFAULT_THEME = "default"
# A theme's name, or a function giving it, called at the first lookup (a request's site is
# only read if a template or static file is looked up while it is handled).
_active_theme: ContextVar[str | Callable[[], str] | None] = ContextVar("rete_active_theme",
                                                                       default=None)


def themes_dir() -> Path:
    """The folder holding one folder per theme."""
    return Path(settings.THEMES_DIR)


def available_themes() -> list[str]:
    """The themes installed under `themes/`, the default first."""
    names = sorted(path.name for path in themes_dir().iterdir()
                   if path.is_dir() and not path.name.startswith(".")
                   and ((path / "templates").is_dir() or (path / "static").is_dir()))
    return sorted(names, key=lambda name: name != DEFAULT_THEME)


def theme_choices() -> list[tuple[str, str]]:
    """The themes as choices for the portal settings' form, by the `label` in their
    `theme.toml` (the folder's name when it has none)."""
    return [(name, _theme_data(themes_dir() / name / "theme.toml").get("label", name))
            for name in available_themes()]


def theme_roots(theme: str) -> list[Path]:
    """The folders a theme's files are looked for in: the theme, then the default theme.

    An unknown theme (a folder removed after a site chose it) falls back to the default.
    """
    root = themes_dir()
    roots = [root / theme] if theme != DEFAULT_THEME and (root / theme).is_dir() else []
    return [*roots, root / DEFAULT_THEME]


def active_theme() -> str:
    """The theme templates and static files are read from right now."""
    theme = _active_theme.get()
    return (theme() if callable(theme) else theme) or settings.THEME


@contextmanager
def use_theme(theme: str | Callable[[], str]) -> Iterator[None]:
    """Read templates and static files from `theme` (or what a function gives) in the block."""
    token = _active_theme.set(theme)
    try:
        yield
    finally:
        _active_theme.reset(token)


def theme_colour() -> str:
    """The active theme's colour (`colour` in its `theme.toml`, else the default theme's)."""
    for root in theme_roots(active_theme()):
        data = _theme_data(root / "theme.toml")
        if "colour" in data:
            return data["colour"]
    return "#000000"


@functools.cache
def _theme_data(path: Path) -> dict:
    """A theme's `theme.toml` (read once per process: themes change with a deploy)."""
    if not path.is_file():
        return {}
    with path.open("rb") as handle:
        return tomllib.load(handle)


class ThemeLoader(FileSystemLoader):
    """Templates from the active theme's folders, then the engine's own `DIRS`."""

    def get_dirs(self):
        return [root / "templates" for root in theme_roots(active_theme())] + list(self.engine.dirs)


class ThemeCachedLoader(CachedLoader):
    """Django's cached loader, with one cache per theme (a template's source depends on it)."""

    def cache_key(self, template_name, skip=None):
        return active_theme() + ":" + super().cache_key(template_name, skip)


class ThemeStaticFinder(FileSystemFinder):
    """The theme's static files, then the default theme's (never the apps', see `assets`).

    `theme` fixes the theme (a bake of one site). Without it (Django's own finder, kept for
    the whole process: `collectstatic` for the CMS, the development server) the active
    theme's files come first and then those of the other themes, so that the admin's
    preview of any site finds its theme's own files.
    """

    def __init__(self, app_names=None, *args, theme: str | None = None, **kwargs):
        self._theme = theme
        self._by_theme: dict[str, tuple[list, dict]] = {}

    def _locations(self) -> tuple[list[tuple[str, str]], dict[str, FileSystemStorage]]:
        theme = self._theme or active_theme()
        if theme not in self._by_theme:
            folders = theme_roots(theme)
            if self._theme is None:
                folders += [themes_dir() / name for name in available_themes()
                            if themes_dir() / name not in folders]
            roots = [str(root / "static") for root in folders if (root / "static").is_dir()]
            storages = {}
            for root in roots:
                storage = FileSystemStorage(location=root)
                storage.prefix = ""
                storages[root] = storage
            self._by_theme[theme] = ([("", root) for root in roots], storages)
        return self._by_theme[theme]

    @property
    def locations(self):
        return self._locations()[0]

    @locations.setter
    def locations(self, value):  # FileSystemFinder's own __init__ is not run
        pass

    @property
    def storages(self):
        return self._locations()[1]

    @storages.setter
    def storages(self, value):
        pass

    def check(self, **kwargs):
        return []  # a site's theme is one of the folders (the setting's choices); see theme_roots
