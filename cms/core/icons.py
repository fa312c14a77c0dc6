"""The favicon, the web-app icons and the default preview image, drawn from the logo.

Browsers ask every site for `/favicon.ico`; phones for a touch icon and the web app
manifest; link previews (OpenGraph) for an image. All are drawn here with Pillow
from the network's logo in the identity settings, so a network changes them by
uploading a logo, and the bake writes them as files (`cms.core.bake`). Without a
logo they are a plain square in the theme's colour (`theme.toml`). The output depends only
on the logo's file and the site's theme, so two bakes write the same bytes.
"""

from __future__ import annotations

import io
import json

from PIL import Image, ImageOps

from .themes import theme_colour

# Where each file is served and baked.
ICON_PATHS = {
    "favicon": "/favicon.ico",
    "apple-touch-icon": "/apple-touch-icon.png",
    "icon-192": "/icons/icon-192.png",
    "icon-512": "/icons/icon-512.png",
    "share": "/icons/anteprima.png",
    "manifest": "/site.webmanifest",
}
# Square PNG icons by name: (size, padding as a share of the side).
SQUARE_ICONS = {"apple-touch-icon": (180, 0.08), "icon-192": (192, 0.08),
                "icon-512": (512, 0.08)}
FAVICON_SIZES = [(16, 16), (32, 32), (48, 48)]
SHARE_SIZE = (1200, 630)  # the size link previews crop to
BACKGROUND = "#ffffff"


def _logo(identity) -> Image.Image | None:
    logo = getattr(identity, "logo", None)
    if logo is None:
        return None
    try:
        with logo.open_file() as handle:
            image = Image.open(handle)
            image.load()
    except (OSError, ValueError):  # the file is gone or is not an image: draw without it
        return None
    return image.convert("RGBA")


def _canvas(size: tuple[int, int], logo: Image.Image | None, *, padding: float) -> Image.Image:
    """The logo centred on a white canvas of `size`, or the theme colour without a logo."""
    if logo is None:
        return Image.new("RGB", size, theme_colour())
    canvas = Image.new("RGBA", size, BACKGROUND)
    inner = (max(1, round(size[0] * (1 - 2 * padding))), max(1, round(size[1] * (1 - 2 * padding))))
    fitted = ImageOps.contain(logo, inner, method=Image.Resampling.LANCZOS)
    canvas.alpha_composite(fitted, ((size[0] - fitted.width) // 2,
                                    (size[1] - fitted.height) // 2))
    return canvas.convert("RGB")


def _png(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


def square_icon(*, identity, name: str) -> bytes:
    """One of `SQUARE_ICONS` as PNG."""
    size, padding = SQUARE_ICONS[name]
    return _png(_canvas((size, size), _logo(identity), padding=padding))


def favicon(*, identity) -> bytes:
    """`/favicon.ico` with 16, 32 and 48 pixel images."""
    image = _canvas((48, 48), _logo(identity), padding=0.0)
    buffer = io.BytesIO()
    image.save(buffer, format="ICO", sizes=FAVICON_SIZES)
    return buffer.getvalue()


def share_image(*, identity) -> bytes:
    """The default preview image for pages without one of their own."""
    return _png(_canvas(SHARE_SIZE, _logo(identity), padding=0.12))


def manifest(*, identity) -> bytes:
    """The web app manifest naming the network and its icons."""
    name = getattr(identity, "network_name", "") or "Rete Lavoro"
    data = {
        "name": name,
        "short_name": name[:30],
        "lang": "it",
        "start_url": "/",
        "display": "browser",
        "background_color": BACKGROUND,
        "theme_color": theme_colour(),
        "icons": [{"src": ICON_PATHS[key], "sizes": f"{size}x{size}", "type": "image/png"}
                  for key, (size, _padding) in SQUARE_ICONS.items() if key.startswith("icon-")],
    }
    return json.dumps(data, ensure_ascii=False, indent=2).encode() + b"\n"
