from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop


class PeopleConfig(AppConfig):
    name = "wangge.people"
    label = "people"
    verbose_name = _("Training, competency and audits")

    def ready(self) -> None:
        from wangge.base.context import Entry, needs, register_nav
        from wangge.people.access import may_open_audits, may_open_satisfaction, may_open_training

        register_nav(
            Entry("people:training", gettext_noop("Training"), may_open_training, order=50),
            Entry("people:competency", gettext_noop("Competency"), may_open_training, order=51),
            Entry("people:audits", gettext_noop("Standardisation audits"), may_open_audits,
                  order=52),
            Entry("people:rate", gettext_noop("Rate support units"), needs("people.rate"),
                  order=53),
            Entry("people:reverse", gettext_noop("Reverse appraisal"), needs("people.view_team"),
                  order=54),
            Entry("people:satisfaction", gettext_noop("Customer satisfaction"),
                  may_open_satisfaction, order=55),
        )  # fmt: skip
