"""An observatory page as schema.org `Dataset` (JSON-LD), with its CSV as the download:
see `cms.core.jsonld`."""

from __future__ import annotations

from cms.core.jsonld import absolute

from .texts import chart_title


def dataset_data(page) -> dict:
    """The `Dataset`: what it measures, where and when, and where to download it."""
    start, end = page.period()
    # Search engines want a description of at least 50 characters: the intro, or the facts.
    description = page.intro or chart_title(page=page)
    if page.is_example:
        description += " (dati di esempio)"
    return {
        "@type": "Dataset",
        "name": page.title,
        "description": description,
        "url": absolute(page.url),
        "inLanguage": "it",
        "isAccessibleForFree": True,
        "creditText": page.source,
        "temporalCoverage": f"{start:%Y-%m}/{end:%Y-%m}",
        "spatialCoverage": [{"@type": "Place", "name": comune} for comune in page.comuni],
        "variableMeasured": ["assunzioni", "cessazioni"],
        "distribution": [{"@type": "DataDownload", "encodingFormat": "text/csv",
                          "contentUrl": absolute(page.csv_url)}],
    }
