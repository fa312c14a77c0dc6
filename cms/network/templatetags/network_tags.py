"""Template tags about the network's partners (`{% load network_tags %}`).

They live with the partners rather than in `cms.core`'s `rete_tags`, which imports
no content app.
"""

from django import template

from cms.network.models import Partner

register = template.Library()


@register.simple_tag
def databank_partners() -> list[Partner]:
    """Partners that the databank search can filter on (those with a databank code)."""
    return list(Partner.objects.exclude(databank_code="").order_by("sort_order", "name"))
