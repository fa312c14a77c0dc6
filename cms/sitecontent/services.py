"""Public entry points of the app: load and export `site_content/`."""

from .exporter import ExportReport, export_site_content
from .loader import LoadReport, content_is_loaded, load_site_content, networks_to_load
from .references import ContentError

__all__ = ["ContentError", "ExportReport", "LoadReport", "content_is_loaded",
           "export_site_content", "load_site_content", "networks_to_load"]
