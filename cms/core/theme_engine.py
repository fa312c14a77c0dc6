"""The template engine of the portal: Django's, with templates that follow the request's site.

Kept apart from `themes` (which the settings model's choices need) so that the two modules
import each other in no loop: this one sits above both.
"""

from django.template import TemplateDoesNotExist
from django.template.backends.django import DjangoTemplates
from django.template.backends.django import Template as DjangoTemplate

from .site_settings import use_request_site
from .themes import active_theme


class ThemedTemplate(DjangoTemplate):
    """A template that renders in the theme of the request's site, whatever theme found it."""

    def __init__(self, template, backend, *, name: str, theme: str):
        super().__init__(template, backend)
        self.name = name
        self.theme = theme

    def render(self, context=None, request=None):
        if request is None:
            return super().render(context, request)  # the theme of the render around it
        with use_request_site(request):
            if active_theme() == self.theme:
                return super().render(context, request)
            try:
                template = self.backend.engine.get_template(self.name)
            except TemplateDoesNotExist:
                template = self.template
            return DjangoTemplate(template, self.backend).render(context, request)


class ThemedTemplates(DjangoTemplates):
    """Django's template engine, whose templates follow the theme of the request's site."""

    def get_template(self, template_name):
        template = super().get_template(template_name)  # raises when no theme has it
        return ThemedTemplate(template.template, self, name=template_name,
                              theme=active_theme())
