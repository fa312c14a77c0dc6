"""How the network's own records appear inside the pages' API payloads."""

from rest_framework import serializers

from .models import Partner


class PartnerSerializer(serializers.ModelSerializer):
    """A partner named where a course says who runs it: enough to show it and link to it.

    Partners are snippets, with no API endpoint of their own, so an id alone would
    leave a partner's site unable to say who runs the course.
    """

    class Meta:
        model = Partner
        fields = ["id", "name", "slug", "kind", "website"]
