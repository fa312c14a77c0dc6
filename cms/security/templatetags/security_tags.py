"""Template helpers of the security pages."""

from datetime import timedelta

from django import template

register = template.Library()


@register.filter
def in_minutes(duration: timedelta | None) -> int:
    """A cool-off period as whole minutes, rounded up (at least one)."""
    if not duration:
        return 1
    return max(1, -(-int(duration.total_seconds()) // 60))
