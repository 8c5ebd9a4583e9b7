from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop


class WorkConfig(AppConfig):
    name = "wangge.work"
    label = "work"
    verbose_name = _("Front-line work")

    def ready(self) -> None:
        from wangge.base.context import Entry, needs, register_nav
        from wangge.work.views.basics import may_read_logs, may_read_meetings
        from wangge.work.views.campaigns import may_read_campaigns
        from wangge.work.views.competitions import may_read_competitions
        from wangge.work.views.network import may_read_network
        from wangge.work.views.pool import may_manage_pool
        from wangge.work.views.records import may_read_records
        from wangge.work.views.tags import may_read_tags

        register_nav(
            Entry("work:home", gettext_noop("My work"), needs("work.handle"), order=25),
            Entry("work:board", gettext_noop("Pipeline board"), needs("work.pipeline"), order=26),
            Entry("work:pool", gettext_noop("Customer pool"), may_manage_pool, order=27),
            Entry("work:tags", gettext_noop("Customer tags"), may_read_tags, order=28),
            Entry("work:campaigns", gettext_noop("Name lists"), may_read_campaigns, order=29),
            Entry("work:records", gettext_noop("Grid records"), may_read_records, order=30),
            Entry("work:network", gettext_noop("Network resources"), may_read_network, order=31),
            Entry(
                "work:competitions", gettext_noop("Competitions"), may_read_competitions, order=32
            ),
            Entry("work:meetings", gettext_noop("Meeting notes"), may_read_meetings, order=33),
            Entry("work:logs", gettext_noop("Work logs"), may_read_logs, order=34),
        )
