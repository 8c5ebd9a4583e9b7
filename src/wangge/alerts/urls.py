from django.urls import path

from wangge.alerts import views

app_name = "alerts"
urlpatterns = [
    path("", views.risk_list, name="home"),
    path("orders/<int:pk>/outcome/", views.outcome, name="outcome"),
]
