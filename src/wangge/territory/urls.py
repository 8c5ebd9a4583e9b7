from django.urls import path

from wangge.territory import views

urlpatterns = [
    path("", views.city_map, name="map"),
]
