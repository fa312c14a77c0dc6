"""Where things live in a `site_content/` folder, shared by the loader and the exporter."""

from dataclasses import dataclass
from pathlib import Path

from .references import ContentError

SITE_FILE = "site.yaml"
# snippets/<name>.yaml → model; records are keyed by their slug.
SNIPPET_FILES = {
    "audiences": "core.AudienceTag",
    "services": "network.Service",
    "partners": "network.Partner",
}
# The sections of site.yaml holding site settings → setting model.
SETTINGS_SECTIONS = {
    "identity": "core.IdentitySettings",
    "accessibility": "core.AccessibilitySettings",
    "databank": "network.DatabankSettings",
    "portal": "core.PortalSettings",
}
IMAGES_DIR, IMAGES_LIST = "media/images", "media/images.yaml"
DOCUMENTS_DIR, DOCUMENTS_LIST = "media/documents", "media/documents.yaml"
HOME_SLUG = "home"
PAGE_KEYS = ["type", "title", "position", "live", "show_in_menus", "seo_title",
             "search_description", "fields"]


@dataclass(frozen=True)
class PageFile:
    """A page file and the URL path it stands for."""

    file: Path
    relative: str      # e.g. "pages/sportelli/varese.yaml"
    url_path: str      # e.g. "/sportelli/varese/"

    @property
    def slug(self) -> str:
        return HOME_SLUG if self.url_path == "/" else self.url_path.strip("/").split("/")[-1]

    @property
    def parent_path(self) -> str | None:
        if self.url_path == "/":
            return None
        parts = self.url_path.strip("/").split("/")[:-1]
        return "/" + "/".join(parts) + "/" if parts else "/"

    @property
    def depth(self) -> int:
        return 0 if self.url_path == "/" else self.url_path.count("/") - 1


def discover_pages(root: Path) -> list[PageFile]:
    """Every page file under `root/pages`, parents before children."""
    pages_dir = root / "pages"
    found: dict[str, PageFile] = {}
    for file in sorted(pages_dir.rglob("*.yaml")):
        relative = file.relative_to(root).as_posix()
        parts = file.relative_to(pages_dir).with_suffix("").parts
        if parts[-1] == "index":
            parts = parts[:-1]
        url_path = "/" + "/".join(parts) + "/" if parts else "/"
        if url_path in found:
            raise ContentError(f"la pagina «{url_path}» è descritta due volte (anche in "
                               f"{found[url_path].relative}): tieni solo uno dei due file",
                               file=relative)
        found[url_path] = PageFile(file=file, relative=relative, url_path=url_path)
    if found and "/" not in found:
        raise ContentError("manca pages/index.yaml, la pagina iniziale", file="pages/")
    return sorted(found.values(), key=lambda page: (page.depth, page.url_path))


def page_file_for(*, url_path: str, has_children: bool) -> str:
    """The relative file name the exporter writes for a page at `url_path`."""
    if url_path == "/":
        return "pages/index.yaml"
    stem = "pages/" + url_path.strip("/")
    return f"{stem}/index.yaml" if has_children else f"{stem}.yaml"
