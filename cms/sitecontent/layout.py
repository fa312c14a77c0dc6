"""Where things live in a `site_content/` folder, shared by the loader and the exporter.

A folder holds one or more networks. With several, each network (a Wagtail `Site`) has a
folder of its own under `networks/` (its `site.yaml`, `pages/` and `redirects.yaml`), and
what the networks share stays at the top: `snippets/` (a partner or an audience can serve
both) and `media/`. A folder with `pages/` at the top is a single network (the layout the
golden test's small site keeps), loaded into the default site.
"""

from dataclasses import dataclass
from pathlib import Path

from .references import ContentError

SITE_FILE = "site.yaml"
NETWORKS_DIR = "networks"
# The keys of site.yaml's `site` section; `default` only in a folder of several networks.
SITE_KEYS = ("hostname", "port", "site_name", "default")
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
class Network:
    """One network's folder: where its files are, and the names they are recorded under."""

    name: str          # the folder under networks/ ("" for a single-network folder)
    root: Path         # where site.yaml and pages/ are
    prefix: str        # "networks/<name>/" ("" for a single-network folder)

    def relative(self, name: str) -> str:
        """A file of this network named from the top of the content folder."""
        return self.prefix + name


def is_single_network(root: Path) -> bool:
    """True for a folder with pages/ at the top rather than networks/<name>/pages/."""
    return (root / "pages").is_dir() and not (root / NETWORKS_DIR).is_dir()


def network_at(root: Path, name: str) -> Network:
    """The network `name` of the content folder `root` (which may not exist yet)."""
    if not name:
        return Network(name="", root=root, prefix="")
    return Network(name=name, root=root / NETWORKS_DIR / name, prefix=f"{NETWORKS_DIR}/{name}/")


def discover_networks(root: Path, *, only: str | None = None) -> list[Network]:
    """The networks of the content folder `root`, by folder name (`only`: just that one)."""
    if is_single_network(root):
        if only:
            raise ContentError(f"la cartella {root} contiene una sola rete (pages/ in cima): "
                               f"togli --network {only}")
        return [network_at(root, "")]
    folder = root / NETWORKS_DIR
    names = sorted(child.name for child in folder.iterdir()
                   if (child / "pages").is_dir()) if folder.is_dir() else []
    if not names:
        raise ContentError(f"la cartella {root} non contiene networks/<rete>/pages/ né pages/: "
                           f"indica con --path la cartella dei contenuti")
    if only is not None:
        if only not in names:
            raise ContentError(f"rete «{only}» sconosciuta: le reti sono le cartelle di "
                               f"{NETWORKS_DIR}/ ({', '.join(names)})")
        names = [only]
    return [network_at(root, name) for name in names]


@dataclass(frozen=True)
class PageFile:
    """A page file and the URL path it stands for."""

    file: Path
    relative: str      # e.g. "networks/citta-del-lavoro/pages/sportelli/varese.yaml"
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


def discover_pages(network: Network) -> list[PageFile]:
    """Every page file under the network's `pages/`, parents before children."""
    pages_dir = network.root / "pages"
    found: dict[str, PageFile] = {}
    for file in sorted(pages_dir.rglob("*.yaml")):
        relative = network.relative(file.relative_to(network.root).as_posix())
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
        raise ContentError("manca pages/index.yaml, la pagina iniziale",
                           file=network.relative("pages/"))
    return sorted(found.values(), key=lambda page: (page.depth, page.url_path))


def page_file_for(*, url_path: str, has_children: bool) -> str:
    """The relative file name the exporter writes for a page at `url_path`."""
    if url_path == "/":
        return "pages/index.yaml"
    stem = "pages/" + url_path.strip("/")
    return f"{stem}/index.yaml" if has_children else f"{stem}.yaml"
