"""An event as schema.org `Event` (JSON-LD), built from the page: see `cms.core.jsonld`."""

from __future__ import annotations

from cms.core.jsonld import absolute, iso_datetime, postal_address

SCHEDULED = "https://schema.org/EventScheduled"
OFFLINE = "https://schema.org/OfflineEventAttendanceMode"


def event_data(event) -> dict:
    """The `Event`: when, where (the sportello or the address typed), who organises it."""
    if event.sportello_id:
        sportello = event.sportello
        location = {"@type": "Place", "name": sportello.title,
                    "address": postal_address(street=sportello.address,
                                              postcode=sportello.postcode,
                                              locality=sportello.city)}
        if event.public_sportello is not None:
            location["url"] = absolute(sportello.url)
    else:
        location = {"@type": "Place", "name": event.address,
                    "address": postal_address(street=event.address)}
    data = {
        "@type": "Event",
        "name": event.title,
        "url": absolute(event.url),
        "startDate": iso_datetime(event.start),
        "endDate": iso_datetime(event.end),
        "eventStatus": SCHEDULED,
        "eventAttendanceMode": OFFLINE,
        "location": location,
        "organizer": {"@type": "Organization", "name": event.organiser},
        "inLanguage": "it",
    }
    if event.intro:
        data["description"] = event.intro
    audiences = [tag.name for tag in event.audiences.all()]
    if audiences:
        data["audience"] = [{"@type": "Audience", "audienceType": name} for name in audiences]
    return data
