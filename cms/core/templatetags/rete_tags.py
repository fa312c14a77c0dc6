"""Template tags the themes need: menu, breadcrumbs, canonical address, map link.

They keep queries and URL building out of the templates, so a theme can be
rewritten by someone who knows HTML and CSS but not the data model.
"""

from urllib.parse import urlencode

from django import template
from django.http import HttpRequest
from django.utils.text import capfirst

from wagtail.models import Page, Site

from cms.core.media_privacy import public_media
from cms.core.site_settings import public_base_url

register = template.Library()

_MENU_CACHE_ATTR = "_rete_menu_items"
_BAKE_CACHE_ATTR = "_rete_bake_cache"
# How many files the bake renders, kept in its shared cache (see `bake_size`).
BAKE_SIZE_KEY = "files in this bake"


def share_bake_cache(request: HttpRequest, cache: dict) -> None:
    """Let all the requests of one bake share the menu and the breadcrumb trails.

    Both depend only on the page tree, which does not change while a bake runs, so
    the fast renderer (`cms.publishing.render`) hands the same `cache` to every
    request instead of asking the database again for each page.
    """
    setattr(request, _BAKE_CACHE_ATTR, cache)


def _bake_cache(request: HttpRequest | None) -> dict | None:
    return getattr(request, _BAKE_CACHE_ATTR, None) if request is not None else None


def bake_size(request: HttpRequest | None) -> int:
    """How many files the bake rendering `request` makes; 0 outside a bake.

    Work shared across a bake pays off when the bake is large (a full bake) and is
    only overhead when it re-renders a handful of pages after a publish.
    """
    cache = _bake_cache(request)
    return cache.get(BAKE_SIZE_KEY, 0) if cache is not None else 0


def bake_cached(request: HttpRequest | None, key: tuple, compute):
    """`compute()`, remembered for the whole bake when the request takes part in one."""
    cache = _bake_cache(request)
    if cache is None:
        return compute()
    if key not in cache:
        cache[key] = compute()
    return cache[key]


def _site_for(*, request: HttpRequest | None, page: Page | None) -> Site | None:
    """The site being rendered: from the request when there is one, else from the page."""
    site = Site.find_for_request(request) if request is not None else None
    if site is None and page is not None:
        site = page.get_site()
    return site


@register.filter(name="on_public_site")
def on_public_site_filter(page: Page | None) -> bool:
    """Whether the bake writes `page` (live, not restricted): a link to it works."""
    from cms.core.visibility import on_public_site

    return on_public_site(page)


@register.filter(name="public_media")
def public_media_filter(obj):
    """The image or document itself, or None when it sits in a private collection."""
    return public_media(obj)


@register.simple_tag(takes_context=True)
def menu_items(context) -> list[Page]:
    """The main navigation: live children of the site's home page marked «mostra nei menu».

    Computed with one query and kept on the request, so header and footer share it.
    """
    request = context.get("request")
    if request is not None and hasattr(request, _MENU_CACHE_ATTR):
        return getattr(request, _MENU_CACHE_ATTR)
    site = _site_for(request=request, page=context.get("page"))
    items = [] if site is None else bake_cached(request, ("menu", site.pk), lambda: list(
        site.root_page.get_children().live().public().in_menu().order_by("path")
    ))
    if request is not None:
        setattr(request, _MENU_CACHE_ATTR, items)
    return items


@register.filter
def is_section_of(item: Page, page: Page | None) -> bool:
    """True when `page` is `item` or lies below it, to mark the current menu entry."""
    if page is None or not getattr(page, "path", None):
        return False
    return page.path.startswith(item.path)


@register.simple_tag(takes_context=True)
def breadcrumbs(context) -> list[tuple[str, str]]:
    """(title, url) pairs from the home page down to the parent of the current page.

    On a routed listing (an audience or a topic) the listing's own page is included,
    since the citizen is one level below it.
    """
    page = context.get("page")
    if page is None or not getattr(page, "pk", None):
        return []
    request = context.get("request")
    crumbs = list(bake_cached(request, ("crumbs", page.path[:-Page.steplen]), lambda: [
        (ancestor.title, ancestor.url)
        for ancestor in page.get_ancestors().live().filter(depth__gte=2).specific()
    ]))
    if context.get("tag") is not None:
        crumbs.append((page.title, page.url))
    return crumbs


@register.simple_tag(takes_context=True)
def canonical_url(context) -> str:
    """The public address of this page on the published (baked) site."""
    request = context.get("request")
    page = context.get("page")
    if request is not None:
        path = request.path
    elif page is not None:
        path = page.url or "/"
    else:
        path = "/"
    return public_base_url() + path


@register.simple_tag(takes_context=True)
def page_description(context) -> str:
    """The meta description: the editor's search description, else the page intro."""
    page = context.get("page")
    if page is None:
        return ""
    return (getattr(page, "search_description", "") or getattr(page, "intro", "") or "").strip()


@register.simple_tag
def osm_url(latitude, longitude) -> str:
    """A plain OpenStreetMap link for the coordinates (no embedded map, no third-party request).

    Built in Python because the Italian locale would print the decimals with a comma.
    """
    if latitude is None or longitude is None:
        return ""
    lat, lon = f"{float(latitude):.5f}", f"{float(longitude):.5f}"
    query = urlencode({"mlat": lat, "mlon": lon})
    return f"https://www.openstreetmap.org/?{query}#map=17/{lat}/{lon}"


@register.filter
def phone_href(number: str) -> str:
    """A `tel:` target with spaces and punctuation removed (a leading + is kept)."""
    number = (number or "").strip()
    digits = "".join(ch for ch in number if ch.isdigit())
    return ("+" if number.startswith("+") else "") + digits


@register.filter
def splitlines(text: str) -> list[str]:
    """Non-empty lines of a plain-text field (e.g. one opening day per line)."""
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


@register.simple_tag(takes_context=True)
def menu_state(context) -> str:
    """What makes the site header differ from one page to another: which entry is current.

    The key under which `bake_fragment` keeps the rendered header: the home page (brand
    marked current), a section's own page, a page inside a section, or neither.
    """
    page, tag = context.get("page"), context.get("tag")
    if page is None or not getattr(page, "path", None):
        return "none"
    if page.depth == 2 and tag is None:
        return "home"
    section = page.path[:Page.steplen * 3]
    own = page.depth == 3 and tag is None
    return f"{section}:{'own' if own else 'inside'}"


class BakeFragmentNode(template.Node):
    """Renders its contents once per bake for each key, then repeats the same text."""

    def __init__(self, nodelist, keys):
        self.nodelist, self.keys = nodelist, keys

    def render(self, context) -> str:
        key = ("fragment", *(str(value.resolve(context)) for value in self.keys))
        return bake_cached(context.get("request"), key, lambda: self.nodelist.render(context))


@register.tag("bake_fragment")
def bake_fragment(parser, token):
    """`{% bake_fragment "footer" %}…{% endbake_fragment %}`: shared by every page of a bake.

    The header and footer are the same on thousands of pages; a bake renders each
    variant once (the keys say what it varies by) instead of once per page. Outside
    a bake (the CMS serving a preview) the contents are rendered every time.
    """
    bits = token.split_contents()
    if len(bits) < 2:
        raise template.TemplateSyntaxError("bake_fragment needs at least one key")
    nodelist = parser.parse(("endbake_fragment",))
    parser.delete_first_token()
    return BakeFragmentNode(nodelist, [parser.compile_filter(bit) for bit in bits[1:]])


@register.simple_tag(takes_context=True)
def document_summary(context, document) -> str:
    """"1,2 kB, PDF, 3 pagine" for a document link (see `cms.core.documents`), once per bake."""
    from cms.core.documents import document_summary as summary

    return bake_cached(context.get("request"), ("document", document.pk, document.file.name),
                       lambda: summary(document))


# The preview image of a page's own: cropped as link previews show it.
SHARE_RENDITION = "fill-1200x630|format-jpeg|jpegquality-80"


@register.simple_tag(takes_context=True)
def share_image(context) -> dict:
    """The OpenGraph image: the page's own (`preview_image()`), else the network's default.

    An absolute address on the public site; the bake reads it back from the meta tag,
    so the rendition is copied like any image a page shows.
    """
    from cms.core.icons import ICON_PATHS, SHARE_SIZE
    from cms.core.jsonld import absolute

    page, tag = context.get("page"), context.get("tag")
    chosen = page.preview_image() if tag is None and hasattr(page, "preview_image") else None
    if chosen is not None:
        image, alt = chosen
        rendition = image.get_rendition(SHARE_RENDITION)
        return {"url": absolute(rendition.url), "width": rendition.width,
                "height": rendition.height, "alt": alt}
    identity = context.get("identity")
    name = getattr(identity, "network_name", "") or "Rete Lavoro"
    return {"url": absolute(ICON_PATHS["share"]), "width": SHARE_SIZE[0],
            "height": SHARE_SIZE[1], "alt": name}


@register.simple_tag(takes_context=True)
def structured_data(context) -> str:
    """The page's JSON-LD blocks: its own (`structured_data()`) and, below the home page,
    its breadcrumb trail."""
    from cms.core.jsonld import breadcrumb_list, render_blocks

    page, tag, request = context.get("page"), context.get("tag"), context.get("request")
    if page is None or not getattr(page, "pk", None):
        return ""
    blocks = []
    if tag is None and hasattr(page, "structured_data"):
        blocks += page.structured_data(request=request)
    if page.depth > 2:
        here = request.path if request is not None else page.url
        title = capfirst(tag.name) if tag is not None else page.title
        trail = [*breadcrumbs(context), (title, here)]
        blocks.append(breadcrumb_list(trail=trail))
    return render_blocks(blocks)
