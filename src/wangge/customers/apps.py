from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop


class CustomersConfig(AppConfig):
    name = "wangge.customers"
    label = "customers"
    verbose_name = _("Customers")

    def ready(self):
        from wangge.customers.models import Customer, CustomerGrid
        from wangge.org.reorganise import register_kind

        register_kind("customer", CustomerGrid, Customer, "customer")

        from wangge.customers.follow import customers_follow_places
        from wangge.territory.proposals import register_follower

        register_follower(customers_follow_places)

        from wangge.base.context import Entry, register_nav
        from wangge.customers.views import may_view_customers

        register_nav(Entry("customers", gettext_noop("Customers"), may_view_customers, order=20))
