"""The redirects editors manage in Wagtail («Reindirizzamenti»), for a host with no CMS.

`wagtail.contrib.redirects` answers old addresses from the running CMS; a static
host only has files. So every redirect becomes, in the build:
- a small page at `<old path>/index.html` that forwards the browser (`meta refresh`,
  a canonical link for search engines and a plain link for everyone else), which
  works on any host;
- a line in `_redirects` (Netlify, Cloudflare Pages and compatible hosts) and in
  `nginx-redirects.conf` (to `include` in the server block), so hosts that can send
  a real 301/302 do.

As in Wagtail, a redirect only applies where there is no page: an old path that the
bake wrote a page for is left alone.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, urljoin, urlsplit

from django.db.models import Q
from django.utils.html import format_html
from django.utils.translation import gettext as _

from wagtail.contrib.redirects.models import Redirect
from wagtail.models import Page

from cms.core.site_settings import current_site, public_base_url

NETLIFY_FILE = "_redirects"
NGINX_FILE = "nginx-redirects.conf"
# What our forwarding pages carry and real pages never do.
REDIRECT_MARKER = b"<meta http-equiv=\"refresh\""
# Characters left as they are when a path is written into a host rule.
_PATH_SAFE = "/:@!$&'()*+,;=-._~%"


@dataclass(frozen=True)
class StaticRedirect:
    """One redirect the static host must answer."""

    old_path: str
    target: str
    permanent: bool

    @property
    def status(self) -> int:
        return 301 if self.permanent else 302


def static_redirects(*, build_dir: Path) -> list[StaticRedirect]:
    """The redirects of the baked site (its own and those for every site) a static host
    can apply, by old path.

    Left out: paths with a query string (a static host matches paths only), the home
    page, paths the bake wrote a page for, and redirects to a page that is not
    published or not public (they would lead to a 404 or leak a private address).
    """
    site = current_site()
    redirects = (Redirect.objects.filter(Q(site=site) | Q(site__isnull=True))
                 .select_related("redirect_page").order_by("old_path", "-site_id"))
    visible = set(Page.objects.live().public().values_list("pk", flat=True))
    found: dict[str, StaticRedirect] = {}
    for redirect in redirects:
        old_path = redirect.old_path
        if old_path in found or "?" in old_path or old_path.strip("/") == "":
            continue
        if redirect.redirect_page_id is not None and redirect.redirect_page_id not in visible:
            continue
        target = redirect.link
        if not target or _has_page(build_dir=build_dir, path=old_path):
            continue
        found[old_path] = StaticRedirect(old_path=old_path, target=target,
                                         permanent=redirect.is_permanent)
    return list(found.values())


def write_redirects(*, build_dir: Path, pages_dir: Path | None = None) -> int:
    """Write the forwarding pages and both host rule files; return how many redirects.

    The rule files are written even when there is no redirect, so a host
    configuration that includes them never points at a missing file. `pages_dir`
    is where the real pages are looked up (the live build, when an incremental bake
    writes into a staging folder); by default `build_dir` itself.
    """
    redirects = static_redirects(build_dir=pages_dir or build_dir)
    for redirect in redirects:
        if Path(redirect.old_path).suffix:
            continue  # `/bando.pdf`: a folder of that name would be no use; host rules only
        destination = build_dir / redirect.old_path.strip("/") / "index.html"
        destination.parent.mkdir(parents=True, exist_ok=True)
        destination.write_text(redirect_page_html(redirect), encoding="utf-8")
    (build_dir / NETLIFY_FILE).write_text(netlify_rules(redirects), encoding="utf-8")
    (build_dir / NGINX_FILE).write_text(nginx_rules(redirects), encoding="utf-8")
    return len(redirects)


def redirect_page_html(redirect: StaticRedirect) -> str:
    """A page that forwards at once and tells search engines where the content lives now."""
    canonical = urljoin(public_base_url() + "/", redirect.target)
    return format_html(
        '<!doctype html>\n<html lang="it">\n<head>\n<meta charset="utf-8">\n'
        '<title>{title}</title>\n<meta name="robots" content="noindex">\n'
        '<meta http-equiv="refresh" content="0; url={target}">\n'
        '<link rel="canonical" href="{canonical}">\n</head>\n<body>\n'
        '<p>{moved} <a href="{target}">{target}</a></p>\n</body>\n</html>\n',
        title=_("Pagina spostata"), moved=_("Questa pagina si trova ora all'indirizzo"),
        target=redirect.target, canonical=canonical,
    )


def netlify_rules(redirects: list[StaticRedirect]) -> str:
    """`_redirects`: one `/old /new 301` line each (Netlify matches with or without `/`)."""
    lines = [f"# {_('Reindirizzamenti gestiti nel CMS: file generato, non modificarlo.')}"]
    lines += [f"{_encode(r.old_path)} {_encode_target(r.target)} {r.status}" for r in redirects]
    return "\n".join(lines) + "\n"


def nginx_rules(redirects: list[StaticRedirect]) -> str:
    """`nginx-redirects.conf`: exact-match locations, with and without the final slash.

    nginx matches `location` against the decoded path, so the old path is written
    decoded (and quoted); the target is sent as written, percent-encoded.
    """
    lines = [f"# {_('Reindirizzamenti gestiti nel CMS: file generato, non modificarlo.')}",
             f"# include {NGINX_FILE};"]
    for redirect in redirects:
        # `return` expands variables: a literal `$` in the target must be encoded.
        target = _nginx_quote(_encode_target(redirect.target).replace("$", "%24"))
        variants = [redirect.old_path.rstrip("/")]
        if not Path(redirect.old_path).suffix:
            variants.append(redirect.old_path.rstrip("/") + "/")
        lines += [f"location = {_nginx_quote(path)} {{ return {redirect.status} {target}; }}"
                  for path in variants]
    return "\n".join(lines) + "\n"


def _has_page(*, build_dir: Path, path: str) -> bool:
    """Whether a real page already stands at `path` (our own forwarding pages do not count,
    so that running this again over a finished build changes nothing)."""
    relative = path.strip("/")
    for candidate in (build_dir / relative, build_dir / relative / "index.html"):
        if candidate.is_file() and REDIRECT_MARKER not in candidate.read_bytes()[:400]:
            return True
    return False


def _encode(path: str) -> str:
    return quote(path, safe=_PATH_SAFE)


def _encode_target(target: str) -> str:
    parts = urlsplit(target)
    if parts.scheme or parts.netloc:
        return target.replace(" ", "%20")
    return _encode(target)


def _nginx_quote(value: str) -> str:
    """A double-quoted nginx string (safe for `;`, `{`, spaces in an editor's path)."""
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
