"""A course as schema.org `Course` with its `CourseInstance` (JSON-LD): see `cms.core.jsonld`."""

from __future__ import annotations

from cms.core.jsonld import absolute


def course_data(course) -> dict:
    """The `Course`: who provides it, and the one edition the page describes."""
    provider = {"@type": "Organization", "name": course.provider.name}
    if course.provider.website:
        provider["sameAs"] = course.provider.website
    instance = {
        "@type": "CourseInstance",
        "courseMode": "onsite",
        "startDate": course.start_date.isoformat(),
        "endDate": course.end_date.isoformat(),
        "location": {"@type": "Place", "name": course.place, "address": course.place},
        "courseSchedule": {"@type": "Schedule", "description": course.schedule,
                           "startDate": course.start_date.isoformat(),
                           "endDate": course.end_date.isoformat()},
        "courseWorkload": f"PT{course.hours}H",
    }
    price = "0" if course.is_free else f"{course.cost:.2f}"
    data = {
        "@type": "Course",
        "name": course.title,
        "description": course.intro or course.title,
        "url": absolute(course.url),
        "inLanguage": "it",
        "provider": provider,
        "hasCourseInstance": [instance],
        "offers": [{"@type": "Offer", "category": "Free" if course.is_free else "Paid",
                    "price": price, "priceCurrency": "EUR",
                    "validThrough": course.enrolment_deadline.isoformat()}],
    }
    if course.certificate:
        data["educationalCredentialAwarded"] = course.certificate
    return data
