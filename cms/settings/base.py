"""Settings safe for production on their own.

Secrets and the database come from the environment; `dev.py` and `test.py` only
override what differs there. Nothing exists only in a production file.
"""

import os
from pathlib import Path

import dj_database_url

from django.core.exceptions import ImproperlyConfigured

from cms.environment import load_environment, read_secret_key, var_dir

load_environment()  # .env, for entry points that did not read it (pytest, django-admin)

PROJECT_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = PROJECT_DIR.parent
VAR_DIR = var_dir()
VAR_DIR.mkdir(parents=True, exist_ok=True)  # the default SQLite database and media live here


def env_list(name: str, default: str = "") -> list[str]:
    """A comma-separated environment variable as a list (empty items dropped)."""
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = False
SECRET_KEY = read_secret_key()
if not SECRET_KEY:
    raise ImproperlyConfigured(
        "Manca SECRET_KEY: impostala nell'ambiente o in .env, oppure lancia ./scripts/bake "
        "(o `python -m cms.environment`), che ne crea una in var/secret_key."
    )
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "cms.core",
    "cms.network",
    "cms.guides",
    "cms.courses",
    "cms.events",
    "cms.news",
    "cms.contest",
    "cms.observatory",
    "cms.home",
    "cms.sitecontent",
    "cms.publishing",
    "cms.syndication",
    "cms.headless",
    "cms.deploy",
    "wagtail.contrib.settings",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.sitemaps",
    "wagtail.api.v2",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "wagtailbakery",
    "bakery",
    "modelcluster",
    "taggit",
    "rest_framework",
    "django_tasks",
    "django_tasks_db",  # app label "django_tasks_database": the queue's table
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "cms.core.middleware.SiteMiddleware",  # the requested site's theme and public address
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "cms.urls"
WSGI_APPLICATION = "cms.wsgi.application"

# Themes are data: templates and static files under themes/<name>/, the site's theme first
# and the default theme as the fallback for whatever it does not override. Each site chooses
# its theme in its portal settings (cms/core/themes.py); RETE_THEME is the installation's
# theme, for sites that chose none.
THEMES_DIR = BASE_DIR / "themes"
THEME = os.environ.get("RETE_THEME", "default")
THEME_DIRS = [THEMES_DIR / THEME] + ([THEMES_DIR / "default"] if THEME != "default" else [])

TEMPLATES = [
    {
        "BACKEND": "cms.core.theme_engine.ThemedTemplates",
        "DIRS": [],  # templates outside the themes, after them (the tests add some)
        "APP_DIRS": False,
        "OPTIONS": {
            "loaders": [("cms.core.themes.ThemeCachedLoader", [
                "cms.core.themes.ThemeLoader", "django.template.loaders.app_directories.Loader",
            ])],
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

DATABASES = {
    # An empty DATABASE_URL (as in .env.example) means the SQLite file under var/.
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'db.sqlite3'}", conn_max_age=600
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The worker bakes while editors save: in WAL mode readers and the writer do not block
    # each other, and a save that meets another one waits up to 30 s for it instead of
    # failing after SQLite's 5 s with "database is locked". A transaction takes the write
    # lock when it begins (IMMEDIATE): one begun as a read that writes after another
    # connection's commit (Wagtail's save reads first; the worker claims tasks ten times a
    # second) would fail at once, whatever the timeout.
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 30,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "it"
LANGUAGES = [("it", "Italiano")]
TIME_ZONE = "Europe/Rome"
USE_I18N = True
USE_TZ = True
LOCALE_PATHS = [PROJECT_DIR / "locale"]

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"  # filled by collectstatic for the running CMS (Whitenoise)
STATIC_ROOT.mkdir(exist_ok=True)
STATICFILES_DIRS = [theme / "static" for theme in THEME_DIRS]  # RETE_THEME's, for reference
STATICFILES_FINDERS = [
    "cms.core.themes.ThemeStaticFinder",  # the active theme's files (see cms/core/themes.py)
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
# Renditions keep the name Wagtail gives them, even when two bake workers make one at once.
WAGTAILIMAGES_RENDITION_STORAGE = "cms.core.rendition_storage.RenditionStorage"
MEDIA_URL = "/media/"
MEDIA_ROOT = VAR_DIR / "media"

WAGTAIL_SITE_NAME = os.environ.get("RETE_SITE_NAME", "Rete Lavoro")
WAGTAILADMIN_BASE_URL = os.environ.get("RETE_ADMIN_BASE_URL", "http://localhost:8000")
WAGTAIL_I18N_ENABLED = False
WAGTAILADMIN_PERMITTED_LANGUAGES = [("it", "Italiano"), ("en", "English")]
# Documents link straight to their file so that baked links work on a static host.
WAGTAILDOCS_SERVE_METHOD = "direct"
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
TAGGIT_CASE_INSENSITIVE = True
WAGTAIL_ALLOW_UNICODE_SLUGS = False
# Uploads (see cms/core/uploads.py). Documents: an allow-list, checked by content too.
# Images: no SVG. An SVG is a document that can carry script, served from the portal's
# own address; sanitising it well needs more than Wagtail offers, and a logo or a photo
# works as PNG or JPEG. Metadata (EXIF, GPS, XMP, IPTC) is stripped on upload.
WAGTAILDOCS_EXTENSIONS = ["csv", "doc", "docx", "gif", "jpeg", "jpg", "ods", "odt", "pdf", "png",
                          "webp", "xls", "xlsx"]
WAGTAILDOCS_DOCUMENT_FORM_BASE = "cms.core.upload_forms.ReteDocumentForm"
WAGTAILIMAGES_EXTENSIONS = ["gif", "jpg", "jpeg", "png", "webp"]
WAGTAILIMAGES_IMAGE_FORM_BASE = "cms.core.upload_forms.ReteImageForm"

# The baked site.
BUILD_DIR = str(Path(os.environ.get("RETE_BUILD_DIR", BASE_DIR / "build")))
BAKERY_VIEWS = (
    "cms.publishing.views.PublishedPagesView",
    "cms.publishing.views.TagListingsView",
    "cms.publishing.pagination_views.PaginationView",
)
# Files other apps add to the bake: URLs the CMS serves, written to the same path in build/.
BAKE_EXTRA_FILES = ("cms.syndication.bake.baked_files", "cms.headless.bake.baked_files",
                    "cms.core.bake.baked_files", "cms.security.bake.baked_files",
                    "cms.observatory.bake.baked_files")
BAKE_EXTRA_MEDIA = ("cms.headless.bake.media_paths",)
BAKE_EXTRA_PRELOAD = ("cms.headless.bake.preload_records",
                      "cms.syndication.bake.preload_calendar_pages")
BAKE_EXTRA_REUSE = ("cms.headless.bake.reusable_records",)
WAGTAILAPI_RICH_TEXT_FORMAT = "html"
# django-tasks. The bakes go to a queue in the database ("bake"), run by
# `manage.py db_worker --backend bake` (started by scripts/serve, a service of its own in
# production), so an editor's publish does not wait for the bake; without a worker they
# wait in the queue. Wagtail's own tasks (reference and search index) stay on "default",
# inline as before: the bake reads the reference index, and scripts/bake runs no worker.
TASKS = {
    "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"},
    "bake": {"BACKEND": "django_tasks_db.DatabaseBackend"},
}
# Re-bake what a publish affects (see README); "0" turns it off, e.g. for bulk imports.
RETE_AUTO_BAKE = os.environ.get("RETE_AUTO_BAKE", "1") == "1"
# Seconds a bake may hold the bake lock before it is stopped (0: no limit).
RETE_BAKE_TIME_LIMIT = int(os.environ.get("RETE_BAKE_TIME_LIMIT", "3600"))
# Worker processes of a bake (0: one per core) and the memory they and the bake share
# (cms/publishing/cores.py: fewer workers when they would not fit).
RETE_BAKE_WORKERS = int(os.environ.get("RETE_BAKE_WORKERS", "0"))
RETE_BAKE_MEMORY_MB = int(os.environ.get("RETE_BAKE_MEMORY_MB", "400"))
# A top-level folder of the site with this many pages gets a search index of its own, so a
# publish re-indexes its section only (cms/publishing/search.py, pagefind.py).
RETE_SEARCH_SECTION_PAGES = int(os.environ.get("RETE_SEARCH_SECTION_PAGES", "1000"))
# The baked API writes each listing as one file, so a listing must hold a whole network.
WAGTAILAPI_LIMIT_MAX = 20000
RETE_BASE_URL = os.environ.get("RETE_BASE_URL", "https://www.example.org").rstrip("/")
SITE_CONTENT_DIR = Path(os.environ.get("RETE_SITE_CONTENT_DIR", BASE_DIR / "site_content"))
# Where each site is deployed (`manage.py deploy <sito>`, cms/deploy/config.py); no secrets.
RETE_DEPLOY_CONFIG = Path(os.environ.get("RETE_DEPLOY_CONFIG", SITE_CONTENT_DIR / "deploy.yaml"))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}

from .security import *  # noqa: E402, F403  (hardening, read in one place)

INSTALLED_APPS += SECURITY_APPS  # noqa: F405  (after the apps they extend)
MIDDLEWARE += SECURITY_MIDDLEWARE  # noqa: F405  (axes last, as it asks)
