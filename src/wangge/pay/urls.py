from django.urls import path

from wangge.pay import views

app_name = "pay"
urlpatterns = [
    path("", views.home, name="home"),
    path("pools/compute/", views.compute, name="compute"),
    path("units/<int:unit_id>/start/", views.start, name="start"),
    path("distributions/<int:pk>/", views.distribution, name="distribution"),
    path("distributions/<int:pk>/edit/", views.edit, name="edit"),
    path("distributions/<int:pk>/decide/", views.decide, name="decide"),
    path("queue/", views.queue, name="queue"),
    path("payslip/<month:month>/", views.payslip, name="payslip"),
    path("payslip/<month:month>/<int:person_id>/", views.payslip, name="payslip-of"),
    path("export/<month:month>/", views.export, name="export"),
    path("inputs/<str:kind>/template/", views.input_template, name="input-template"),
    path("inputs/<str:kind>/import/", views.input_import, name="input-import"),
]
