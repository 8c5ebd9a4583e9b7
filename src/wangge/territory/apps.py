from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop


class TerritoryConfig(AppConfig):
    name = "wangge.territory"
    label = "territory"
    verbose_name = _("Territory")

    def ready(self):
        from wangge.org.reorganise import register_kind
        from wangge.territory.models import Place, PlaceGrid

        register_kind("place", PlaceGrid, Place, "place")

        from wangge.base.context import Entry, anyone, register_nav

        register_nav(Entry("map", gettext_noop("Map"), anyone, order=10))

        from wangge.jobs.models import JOB_PAGES

        JOB_PAGES["territory_proposal"] = "territory-proposal-job"
