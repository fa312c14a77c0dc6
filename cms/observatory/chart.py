"""The observatory's chart, drawn at bake time by pygal as an SVG to inline in the page.

pygal lays out the bars, axes and legend; what it adds for its interactive mode is
taken out, because the baked site runs no script and its Content-Security-Policy
refuses inline styles: the configuration `<script>`, the `<style>` (the colours and
fonts are the theme's, `.chart` in site.css, so a theme can restyle the chart), the
tooltip layer with its `style` attribute, the generator comments with the day they
were drawn and the random ids (the same figures must bake the same bytes). What is
added: `role="img"` with a `<title>` and a `<desc>` that says in words what the chart
shows; the figures themselves are in the table beside it. The legend is the page's own
HTML above the chart (from `ObservatoryPage.chart_series`), not pygal's: on a phone the
chart scrolls sideways inside its region, and a legend drawn in it would start off-screen.
Checked with pygal 3.1.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pygal
from pygal.style import Style

from django.utils.safestring import SafeString, mark_safe

SVG = "http://www.w3.org/2000/svg"
ET.register_namespace("", SVG)
# The sizes pygal lays the text out for; site.css gives the text the same sizes.
_STYLE = Style(font_family="system-ui, sans-serif", label_font_size=12,
               major_label_font_size=12, legend_font_size=13, value_font_size=12,
               title_font_size=16, tooltip_font_size=12, no_data_font_size=16)
_DROPPED = {f"{{{SVG}}}{name}" for name in ("defs", "script", "style", "desc", "title")}


def bar_chart_svg(*, labels: list[str], series: list[tuple[str, list[int]]], title: str,
                  description: str, id_prefix: str) -> SafeString:
    """An SVG bar chart of `series` (name, one value per label), ready to inline.

    `id_prefix` makes the ids of its title and description unique in the page.
    """
    chart = pygal.Bar(style=_STYLE, js=[], css=[], width=720, height=420,
                      explicit_size=False, disable_xml_declaration=True,
                      show_legend=False,
                      x_label_rotation=-40 if len(labels) > 8 else 0,
                      show_x_guides=False, print_values=False,
                      tooltip_fancy_mode=False, margin=12, spacing=8)
    chart.x_labels = labels
    for name, values in series:
        chart.add(name, values)
    root = ET.fromstring(chart.render(is_unicode=True))  # comments are left out
    _strip(root)
    root.attrib.pop("id", None)
    root.set("class", "chart__svg")
    root.set("role", "img")
    root.set("aria-labelledby", f"{id_prefix}-titolo {id_prefix}-descrizione")
    title_element = ET.Element(f"{{{SVG}}}title", {"id": f"{id_prefix}-titolo"})
    title_element.text = title
    desc_element = ET.Element(f"{{{SVG}}}desc", {"id": f"{id_prefix}-descrizione"})
    desc_element.text = description
    root.insert(0, desc_element)
    root.insert(0, title_element)
    # ElementTree escapes text and attribute values: labels typed by an editor stay text.
    return mark_safe(ET.tostring(root, encoding="unicode"))  # noqa: S308


def _strip(element: ET.Element) -> None:
    """Remove pygal's interactive parts, its own descriptions and the ids it numbers."""
    for child in list(element):
        classes = child.get("class", "").split()
        if child.tag in _DROPPED or "tooltip-overlay" in classes:
            element.remove(child)
            continue
        child.attrib.pop("id", None)
        child.attrib.pop("style", None)
        _strip(child)
