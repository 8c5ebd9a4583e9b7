from django.urls import include, path
from rest_framework.routers import DefaultRouter

from wangge.pay import api

router = DefaultRouter()
router.register("pools", api.PayPoolViewSet, basename="pay-pool")
router.register("distributions", api.DistributionViewSet, basename="pay-distribution")

urlpatterns = [
    path("payslip/", api.my_payslip, name="pay-my-payslip"),
    path("check/", api.check, name="pay-check"),
    path("", include(router.urls)),
]
