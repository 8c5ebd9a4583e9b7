from wangge.appraisal.labels import DEFAULT_SCHEME_LABELS
from wangge.core.defaults import DEFAULT_SCHEMES


def test_every_default_scheme_label_is_in_the_translation_list():
    labels = {i.label for s in DEFAULT_SCHEMES for i in (*s.indicators, *s.qualitative)}
    assert labels <= set(DEFAULT_SCHEME_LABELS)


def test_every_default_scheme_name_is_in_the_translation_list():
    from wangge.appraisal.labels import DEFAULT_SCHEME_NAMES

    assert {s.name for s in DEFAULT_SCHEMES} <= set(DEFAULT_SCHEME_NAMES)


def test_every_sentence_of_the_core_has_its_chinese_with_the_same_figures():
    """Every registered rule (derivations, checks, targets, payslips, the pyramid)."""
    import gettext
    import re
    from pathlib import Path

    import wangge.core.pay.wording  # noqa: F401  (registers the pay rules)
    from wangge.core.explain import WORDING
    from wangge.core.scoring.wording import TERMS

    mo = (
        Path(__file__).resolve().parents[2] / "src/wangge/base/locale/zh_Hans/LC_MESSAGES/django.mo"
    )
    with mo.open("rb") as f:
        catalogue = gettext.GNUTranslations(f)._catalog
    for template in [*WORDING.values(), *TERMS]:
        assert template in catalogue, template
        chinese = catalogue[template]
        words = re.sub(r"%\(\w+\)s", "", template)  # English left once the figures are out
        assert re.search("[a-z]{2}", words) is None or chinese != template, template
        placeholders = sorted(re.findall(r"%\((\w+)\)s", template))
        assert sorted(re.findall(r"%\((\w+)\)s", chinese)) == placeholders, template


def test_a_card_sentence_is_worded_in_chinese_from_its_rule_and_figures(settings):
    from django.utils import translation

    from wangge.base.words import say
    from wangge.core.explain import Derivation
    from wangge.core.scoring import FloorCap, completion

    c = completion("1.1", "1.1724", direction="lower")
    assert c.formula.as_dict() == {
        "rule": "completion.lower_ratio",
        "target": "1.1",
        "actual": "1.1724",
        "completion": "0.9382",
    }
    stored = Derivation("churn rate", 1, c.formula, notes=(*c.notes, FloorCap().describe()))
    back = Derivation.from_dict(stored.to_dict())
    with translation.override("zh-hans"):
        assert [say(n) for n in back.notes] == ["越低越好", "曲线：下限 0.6，封顶 1.2"]
        assert say(back.formula) == "1.1 / 1.1724 = 0.9382"
    with translation.override("en"):
        assert say(back.notes[1]) == "curve floor 0.6 cap 1.2"
