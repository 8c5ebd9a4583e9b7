from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CustomersConfig(AppConfig):
    name = "wangge.customers"
    label = "customers"
    verbose_name = _("Customers")

    def ready(self):
        from wangge.customers.models import Customer, CustomerGrid
        from wangge.org.reorganise import register_kind

        register_kind("customer", CustomerGrid, Customer, "customer")
