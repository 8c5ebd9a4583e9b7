"""Check-in and check-out: a GPS point and the time, the distance to the customer's or
place's location (a customer's location is its place's), flagged outside the geofence
(``settings.WANGGE_GEOFENCE_METRES``, default 300 m)."""

from __future__ import annotations

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wangge.core.work import geo
from wangge.org.dated import today
from wangge.org.scope import may
from wangge.work.access import person_of
from wangge.work.models import Visit
from wangge.work.placement import check_subject, check_unit
from wangge.work.refusals import WorkRefused


def fence_m() -> int:
    return int(getattr(settings, "WANGGE_GEOFENCE_METRES", geo.DEFAULT_GEOFENCE_M))


def gps_point(lat, lon) -> geo.Point:
    """The browser's fix, or a refusal saying what is wrong with it."""
    problem = geo.point_problem(lat, lon)
    if problem == "missing":
        raise WorkRefused(
            "lat",
            _(
                "No GPS position: allow this site to use your location and try again,"
                " outdoors if the phone has no fix."
            ),
        )
    if problem is not None:
        raise WorkRefused("lat", _("The GPS position is not a valid latitude and longitude."))
    return geo.Point(float(lat), float(lon))


def target_of(customer=None, place=None) -> geo.Point | None:
    """Where the visit should be: the place, or the customer's place; None if unknown."""
    where = place or (customer.place if customer is not None else None)
    return geo.Point(where.lat, where.lon) if where is not None else None


def grid_of(customer, place):
    subject = customer or place
    link = subject.grid_links.as_of(today()).select_related("grid").first() if subject else None
    return link.grid if link else None


def check_in(user, *, lat=None, lon=None, customer=None, place=None, note="") -> Visit:
    if not may(user, "work.visit"):
        raise WorkRefused("customer", _("You may not check in."))
    me = person_of(user)
    if me is None:
        raise WorkRefused("customer", _("Only staff with a person record may check in."))
    if customer is None and place is None:
        raise WorkRefused("customer", _("Choose the customer or the place you are visiting."))
    point = gps_point(lat, lon)
    unit = grid_of(customer, place)
    if unit is None:
        raise WorkRefused("customer", _("The customer or place is in no grid today."))
    check_unit(user, unit)
    check_subject(user, unit, customer, place)
    target = target_of(customer, place)
    distance = geo.distance_m(point, target) if target else None
    with transaction.atomic():
        return Visit.objects.create(
            person=me,
            unit=unit,
            customer=customer,
            place=place,
            checked_in_at=timezone.now(),
            in_lat=point.lat,
            in_lon=point.lon,
            in_distance_m=distance,
            in_outside=geo.outside(distance, fence_m()),
            note=note.strip(),
        )


def check_out(user, visit: Visit, *, lat=None, lon=None) -> Visit:
    me = person_of(user)
    if me is None or visit.person_id != me.pk:
        raise WorkRefused("visit", _("Only the visitor checks out of a visit."))
    if visit.checked_out_at is not None:
        raise WorkRefused("visit", _("This visit is already checked out."))
    point = gps_point(lat, lon)
    target = target_of(visit.customer, visit.place)
    distance = geo.distance_m(point, target) if target else None
    with transaction.atomic():
        visit.checked_out_at = timezone.now()
        visit.out_lat, visit.out_lon = point.lat, point.lon
        visit.out_distance_m = distance
        visit.out_outside = geo.outside(distance, fence_m())
        visit.save()
    return visit
