from django.urls import path

from wangge.notices import views

app_name = "notices"
urlpatterns = [
    path("", views.home, name="home"),
    path("<int:pk>/open/", views.open_notice, name="open"),
    path("read/", views.read_all, name="read-all"),
]
