"""Template helpers of the security pages."""

from datetime import timedelta

from django import template

from cms.security.csp import site_policy

register = template.Library()


@register.filter
def in_minutes(duration: timedelta | None) -> int:
    """A cool-off period as whole minutes, rounded up (at least one)."""
    if not duration:
        return 1
    return max(1, -(-int(duration.total_seconds()) // 60))



@register.simple_tag
def site_csp(databank=None) -> str:
    """The baked site's Content-Security-Policy, for the <meta> of every page.

    `databank` is the network's DatabankSettings, as the page's context already has them
    (`settings.network.DatabankSettings`): the policy costs no query of its own.
    """
    return site_policy(databank_url=getattr(databank, "search_url_template", None))
