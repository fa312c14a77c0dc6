"""Reads of the network for templates and the bake."""

from django.db.models import QuerySet

from .models import Partner, SportelloPage


def sportelli() -> QuerySet[SportelloPage]:
    """Live, public sportelli with their hours and services, in the order of the page tree."""
    return (
        SportelloPage.objects.live().public().order_by("path")
        .prefetch_related("opening_hours", "closures", "services")
    )


def partners() -> QuerySet[Partner]:
    """All partners, in the editors' order."""
    return Partner.objects.all()
