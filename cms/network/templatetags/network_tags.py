"""Template tags about the network's partners (`{% load network_tags %}`).

They live with the partners rather than in `cms.core`'s `rete_tags`, which imports
no content app.
"""

from django import template

from wagtail.models import Site

from cms.core.site_settings import current_site
from cms.network.models import Partner, network_partners

register = template.Library()


@register.simple_tag(takes_context=True)
def databank_partners(context) -> list[Partner]:
    """Partners of the site's network that the databank search can filter on (those with a
    databank code)."""
    request = context.get("request")
    site = Site.find_for_request(request) if request is not None else current_site()
    return list(network_partners(site).exclude(databank_code="").order_by("sort_order", "name"))
