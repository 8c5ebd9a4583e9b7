"""Where a row of work may be placed: the grid, its customer and place, and its people
must all be in the writer's scope and fit together. Shared by every flow."""

from __future__ import annotations

from django.utils.translation import gettext as _

from wangge.core.org import subtree
from wangge.org.dated import today
from wangge.org.models import Person, Unit
from wangge.org.scope import unit_tree, visible_unit_ids
from wangge.work.refusals import WorkRefused


def check_unit(user, unit: Unit) -> None:
    ids = visible_unit_ids(user)
    if ids is not None and unit.pk not in ids:
        raise WorkRefused("unit", _("The grid %(unit)s is outside your scope.") % {"unit": unit})


def works_in(person: Person, unit: Unit) -> bool:
    """Whether ``person`` is assigned today to ``unit`` or a unit above it."""
    day = today()
    roots = set(person.assignments.as_of(day).values_list("unit_id", flat=True))
    return bool(roots) and unit.pk in subtree(unit_tree(day), roots)


def check_person(user, person: Person, unit: Unit, field: str) -> None:
    if not Person.objects.visible_to(user).filter(pk=person.pk).exists():
        raise WorkRefused(field, _("%(person)s is outside your scope.") % {"person": person.name})
    if not works_in(person, unit):
        raise WorkRefused(
            field,
            _("%(person)s does not work in %(unit)s.") % {"person": person.name, "unit": unit},
        )


def check_subject(user, unit: Unit, customer=None, place=None) -> None:
    """The customer and place, when given, are in scope and in the row's grid today."""
    from wangge.customers.models import Customer
    from wangge.territory.models import Place

    if customer is not None:
        if not Customer.objects.visible_to(user).filter(pk=customer.pk).exists():
            raise WorkRefused("customer", _("This customer is outside your scope."))
        if customer.grid_links.as_of(today()).filter(grid=unit).count() == 0:
            raise WorkRefused(
                "customer",
                _("%(customer)s is not in %(unit)s.") % {"customer": customer.name, "unit": unit},
            )
    if place is not None:
        if not Place.objects.visible_to(user).filter(pk=place.pk).exists():
            raise WorkRefused("place", _("This place is outside your scope."))
        if place.grid_links.as_of(today()).filter(grid=unit).count() == 0:
            raise WorkRefused(
                "place", _("%(place)s is not in %(unit)s.") % {"place": place.name, "unit": unit}
            )
