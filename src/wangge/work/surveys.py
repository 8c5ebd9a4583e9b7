"""Door-to-door surveys (扫楼/扫街): record one with its GPS point and, in the same
transaction, create or update the customer met and raise an opportunity. All or
nothing: a refusal anywhere (the grid, the place, the customer, a duplicate, the
opportunity) leaves no survey, no customer and no opportunity.

Before a customer is created the ones on file that it may be (``core.work.duplicates``:
same credit code, same phone, a close name at the same address) are looked up among
the customers the surveyor sees; if there are any, the survey is refused with
``DuplicatesFound`` until the surveyor chooses "update this one" or "create anyway".
"""

from __future__ import annotations

import uuid

from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from wangge.core.work import duplicates, photos
from wangge.core.work import surveys as rules
from wangge.customers.models import Customer, CustomerGrid
from wangge.org.dated import today
from wangge.org.scope import may
from wangge.work import pipeline, pool
from wangge.work.access import person_of
from wangge.work.choices import DuplicateChoice
from wangge.work.models import Survey
from wangge.work.placement import check_subject, check_unit, works_in
from wangge.work.refusals import WorkRefused
from wangge.work.visits import gps_point, grid_of

#: the customer fields a survey may fill (``id_number`` holds a business's credit code)
CUSTOMER_FIELDS = ("name", "kind", "phone", "id_number", "address")


class DuplicatesFound(WorkRefused):
    """The customer to create may already be on file: ``candidates`` is a list of
    (customer, reasons), only customers the surveyor sees."""

    def __init__(self, candidates):
        super().__init__(
            "duplicate",
            _(
                "This customer may already be on file. Choose the record to update, or"
                " create a new one anyway."
            ),
        )
        self.candidates = candidates


def _pool(user, unit, data):
    """The customers in scope the new one could duplicate: those of the grid (a close
    name at the same address), and anywhere in scope the same phone or credit code."""
    near = Q(pk__in=CustomerGrid.objects.as_of(today()).filter(grid=unit).values("customer_id"))
    phone = duplicates.normalise_phone(data.get("phone", ""))
    if len(phone) >= 7:
        near |= Q(phone__endswith=phone[-7:])
    code = duplicates.normalise_text(data.get("id_number", ""))
    if code:
        near |= Q(id_number__iexact=code)
    return Customer.objects.visible_to(user).filter(near)


def find_duplicates(user, unit, data) -> list[tuple[Customer, tuple[str, ...]]]:
    rows = {c.pk: c for c in _pool(user, unit, data)}
    known = [duplicates.Known(c.pk, c.name, c.phone, c.id_number, c.address) for c in rows.values()]
    found = duplicates.candidates(
        known,
        name=data.get("name", ""),
        phone=data.get("phone", ""),
        credit_code=data.get("id_number", ""),
        address=data.get("address", ""),
    )
    return [(rows[c.key], c.reasons) for c in found]


def _clean_customer(data) -> dict:
    clean = {k: (data.get(k) or "").strip() for k in CUSTOMER_FIELDS}
    if not clean["name"]:
        raise WorkRefused("customer_name", _("Give the customer's name."))
    if clean["kind"] not in ("business", "individual"):
        raise WorkRefused("customer_kind", _("The customer is a business or an individual."))
    phone = duplicates.normalise_phone(clean["phone"])
    if clean["phone"] and not 7 <= len(phone) <= 20:
        raise WorkRefused("customer_phone", _("The phone number is not valid."))
    clean["phone"] = phone
    clean["id_number"] = duplicates.normalise_text(clean["id_number"]).upper()
    if len(clean["id_number"]) > 20:
        raise WorkRefused("customer_id_number", _("The credit code is too long."))
    return clean


def _new_code() -> str:
    return f"SV{uuid.uuid4().hex[:14].upper()}"


def _write_customer(customer, data, unit, place, services) -> tuple[Customer, str]:
    """Create the customer (linked to the grid from today) or update the given one with
    what the survey learnt (blank fields keep what is on file)."""
    owned = rules.ownership(services)
    if customer is None:
        customer = Customer.objects.create(code=_new_code(), ownership=owned, place=place, **data)
        CustomerGrid.objects.create(customer=customer, grid=unit, valid_from=today())
        return customer, "created"
    for field in CUSTOMER_FIELDS:
        if data.get(field):
            setattr(customer, field, data[field])
    if any(services.values()):
        customer.ownership = owned
    if place is not None:
        customer.place = place
    customer.save()
    return customer, "updated"


def check_photo(photo) -> str:
    """The stored suffix of an acceptable photo ("" for none); refused, naming the
    field, when it is too large, empty or not a JPEG / PNG image."""
    if photo is None:
        return ""
    head = photo.read(photos.HEAD)
    photo.seek(0)
    problem = photos.photo_problem(photo.size or 0, head)
    if problem == "too_large":
        raise WorkRefused(
            "photo",
            _("The photo is larger than %(mb)s MB.") % {"mb": photos.LIMIT_BYTES // (1024 * 1024)},
        )
    if problem is not None:
        raise WorkRefused("photo", _("The photo must be a JPEG or PNG image."))
    return photos.kind_of(head) or ""


def record(
    user,
    *,
    lat=None,
    lon=None,
    unit=None,
    place=None,
    customer=None,
    met_name="",
    met_role="",
    services=None,
    contract_end=None,
    needs="",
    customer_data=None,
    duplicate="",
    opportunity=None,
    photo=None,
) -> Survey:
    """Record a survey by the user's person.

    ``customer_data`` (name, kind, phone, id_number, address): create the customer, or
    update ``customer`` when one is given. ``duplicate``: "update" (then ``customer`` is
    the candidate chosen) or "create" (a new customer even if ``customer`` is given)
    once the candidates were shown. ``opportunity``
    (name, kind, value_cents, expected_close): raised for the customer and place.
    ``photo`` (an uploaded file, optional): a JPEG or PNG of at most 5 MB."""
    if not may(user, "work.survey"):
        raise WorkRefused("place", _("You may not record surveys."))
    me = person_of(user)
    if me is None:
        raise WorkRefused("place", _("Only staff with a person record may record surveys."))
    point = gps_point(lat, lon)
    suffix = check_photo(photo)
    services = {line: (services or {}).get(line) or "" for line in rules.LINES}
    if unit is None:
        unit = grid_of(customer, place)
        if unit is None:
            raise WorkRefused("unit", _("Choose the grid of the survey."))
    check_unit(user, unit)
    if not works_in(me, unit):
        raise WorkRefused(
            "unit",
            _("You do not work in %(unit)s: a survey is recorded in one's own grid.")
            % {"unit": unit},
        )
    check_subject(user, unit, customer, place)
    if duplicate and duplicate not in DuplicateChoice.values:
        raise WorkRefused("duplicate", _("Choose to update a record or to create a new one."))
    if duplicate == DuplicateChoice.UPDATE and customer is None:
        raise WorkRefused("customer", _("Choose the customer record to update."))
    data = _clean_customer(customer_data) if customer_data else None
    if data is not None and customer is None and duplicate != DuplicateChoice.CREATE:
        found = find_duplicates(user, unit, data)
        if found:
            raise DuplicatesFound(found)
    with transaction.atomic():
        action = ""
        if data is not None:
            target = None if duplicate == DuplicateChoice.CREATE else customer
            customer, action = _write_customer(target, data, unit, place, services)
            if action == "created":
                pool.take_on_survey(me, customer, unit)
        opp = None
        if opportunity:
            opp = pipeline.create_opportunity(
                user, unit=unit, customer=customer, place=place, **opportunity
            )
        survey = Survey(
            surveyor=me,
            unit=unit,
            place=place,
            customer=customer,
            customer_action=action,
            opportunity=opp,
            met_name=(met_name or "").strip(),
            met_role=met_role or "",
            mobile_provider=services["mobile"],
            broadband_provider=services["broadband"],
            fixed_provider=services["fixed"],
            dataline_provider=services["dataline"],
            contract_end=contract_end,
            needs=(needs or "").strip(),
            lat=point.lat,
            lon=point.lon,
        )
        if photo is not None:
            survey.photo.save(f"{uuid.uuid4().hex}{suffix}", photo, save=False)
        survey.save()
        return survey
