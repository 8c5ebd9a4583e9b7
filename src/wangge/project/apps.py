from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop


def home_page(user) -> bool:
    return True  # every signed-in person has a home page


def staff(user) -> bool:
    return bool(user.is_staff)


class ProjectConfig(AppConfig):
    name = "wangge.project"
    label = "project"
    verbose_name = _("Grid marketing management")

    def ready(self) -> None:
        from wangge.base.context import Entry, needs, register_nav

        register_nav(
            Entry("home", gettext_noop("Home"), home_page, order=0),
            # Django's admin lets in staff, then scopes every row (the scoped admin)
            Entry("admin:index", gettext_noop("Admin"), staff, order=80),
            Entry("api-docs", gettext_noop("API"), needs("api.docs"), order=90),
        )
