from django.urls import include, path
from rest_framework.routers import DefaultRouter

from wangge.pay.api import views

router = DefaultRouter()
router.register("pools", views.PayPoolViewSet, basename="pay-pool")
router.register("distributions", views.DistributionViewSet, basename="pay-distribution")

urlpatterns = [
    path("payslip/", views.my_payslip, name="pay-my-payslip"),
    path("check/", views.check, name="pay-check"),
    path("", include(router.urls)),
]
