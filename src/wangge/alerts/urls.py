from django.urls import path

from wangge.alerts import views

app_name = "alerts"
urlpatterns = [
    path("", views.risk_list, name="home"),
    path("center/", views.center_report, name="center"),
    path("customers/<int:pk>/", views.customer_history, name="customer"),
    path("orders/<int:pk>/outcome/", views.outcome, name="outcome"),
]
