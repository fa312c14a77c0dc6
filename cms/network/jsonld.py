"""A sportello as schema.org `GovernmentOffice` (JSON-LD): see `cms.core.jsonld`.

Its weekly hours become `openingHoursSpecification`; closures and special openings
still to come become `specialOpeningHoursSpecification`: a special opening with its
hours, a closed day written as opening and closing at 00:00, the convention search
engines read.
"""

from __future__ import annotations

from cms.core.jsonld import absolute, postal_address

DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def office_data(sportello) -> dict:
    """The `GovernmentOffice`: address, contacts, weekly hours and coming exceptions."""
    data = {
        "@type": "GovernmentOffice",
        "name": sportello.title,
        "url": absolute(sportello.url),
        "address": postal_address(street=sportello.address, postcode=sportello.postcode,
                                  locality=sportello.city),
        "areaServed": {"@type": "City", "name": sportello.comune},
        "openingHoursSpecification": [
            {"@type": "OpeningHoursSpecification",
             "dayOfWeek": f"https://schema.org/{DAYS[row.weekday]}",
             "opens": row.opens.strftime("%H:%M"), "closes": row.closes.strftime("%H:%M")}
            for row in sportello.opening_hours.all()
        ],
    }
    if sportello.intro:
        data["description"] = sportello.intro
    if sportello.phone:
        data["telephone"] = sportello.phone
    if sportello.email:
        data["email"] = sportello.email
    if sportello.latitude is not None and sportello.longitude is not None:
        data["geo"] = {"@type": "GeoCoordinates", "latitude": float(sportello.latitude),
                       "longitude": float(sportello.longitude)}
    closures = sportello.upcoming_closures()
    if closures:
        data["specialOpeningHoursSpecification"] = [
            {"@type": "OpeningHoursSpecification", "name": closure.reason,
             "validFrom": closure.start_date.isoformat(),
             "validThrough": closure.end_date.isoformat(), **_hours(closure)}
            for closure in closures
        ]
    return data


def _hours(closure) -> dict:
    if closure.is_special_opening:
        return {"opens": f"{closure.opens:%H:%M}", "closes": f"{closure.closes:%H:%M}"}
    return {"opens": "00:00", "closes": "00:00"}
