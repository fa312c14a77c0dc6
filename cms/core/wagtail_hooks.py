"""Admin registrations for the core app."""

from wagtail.snippets.models import register_snippet

from .models import AudienceTag

register_snippet(AudienceTag)
