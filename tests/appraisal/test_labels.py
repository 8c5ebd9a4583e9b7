from wangge.appraisal.labels import DEFAULT_SCHEME_LABELS
from wangge.core.defaults import DEFAULT_SCHEMES


def test_every_default_scheme_label_is_in_the_translation_list():
    labels = {i.label for s in DEFAULT_SCHEMES for i in (*s.indicators, *s.qualitative)}
    assert labels <= set(DEFAULT_SCHEME_LABELS)


def test_every_default_scheme_name_is_in_the_translation_list():
    from wangge.appraisal.labels import DEFAULT_SCHEME_NAMES

    assert {s.name for s in DEFAULT_SCHEMES} <= set(DEFAULT_SCHEME_NAMES)
