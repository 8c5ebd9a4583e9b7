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


def test_no_template_or_script_converts_figures_by_itself():
    """One set of helpers: a template that divides cents or rounds a rate on its own
    would be an eighth conversion (the issue counted seven)."""
    import re
    from pathlib import Path

    import wangge

    root = Path(wangge.__file__).parent
    offenders = []
    for path in root.rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        for m in re.finditer(r"floatformat|widthratio [^%]*_cents", text):
            offenders.append(f"{path.relative_to(root)}: {m.group(0)}")
    for path in root.rglob("*.js"):
        if "vendor" in path.parts or path.name == "format.js":
            continue
        text = path.read_text(encoding="utf-8")
        for m in re.finditer(r"/ ?100\b|toLocaleString|toFixed\(2\)\s*\+\s*'%'", text):
            offenders.append(f"{path.relative_to(root)}: {m.group(0)}")
    assert offenders == []
