"""Templates write numbers the product's one way, through the ``wangge`` filters."""

from decimal import Decimal

from django.template import Context, Template


def render(text: str, **values) -> str:
    return Template("{% load wangge %}" + text).render(Context(values))


def test_money_filters():
    assert render("{{ c|yuan }}", c=123450) == "¥1,234.50"
    assert render("{{ c|yuan }}", c=-5) == "-¥0.05"
    assert render("{{ c|yuan }}", c=None) == "—"
    assert render("{{ c|signed_yuan }}", c=1200) == "+¥12.00"
    assert render("{{ c|plain_yuan }}", c=228000) == "2280.00"


def test_rates_counts_ranks_and_figures():
    assert render("{{ r|percent }}", r=Decimal("0.9383")) == "93.83%"
    assert render("{{ r|percent:4 }}", r=Decimal("0.011724")) == "1.1724%"
    assert render("{{ r|percent }}", r=Decimal("1.5")) == "150.00%"
    assert render("{{ n|count }}", n=123608) == "123,608"
    assert render("{{ x|rank }}", x=Decimal("2.50")) == "2.5"
    assert render("{{ x|rank }}", x=Decimal("24.00")) == "24"
    assert render("{{ x|number }}", x=Decimal("87.50")) == "87.5"
    assert render("{{ x|signed_number }}", x=-2) == "-2"


def test_a_value_that_is_not_a_number_shows_as_typed_not_a_500():
    assert render("{{ x|percent }}", x="n/a") == "n/a"
    assert render("{{ c|yuan }}", c="abc") == "abc"
