from django.urls import path

from wangge.resources import views

app_name = "resources"
urlpatterns = [
    path("", views.plan, name="plan"),
    path("propose/", views.propose, name="propose"),
    path("lines/<int:pk>/edit/", views.edit_line, name="edit-line"),
    path("plans/<int:pk>/accept/", views.accept, name="accept"),
    path("deliveries/", views.deliveries, name="deliveries"),
    path("deliveries/<int:pk>/receive/", views.receive, name="receive"),
    path("loop/", views.closed_loop, name="loop"),
    path("requests/", views.requests, name="requests"),
    path("requests/export/", views.requests_export, name="requests-export"),
    path("requests/new/", views.ask, name="ask"),
]
