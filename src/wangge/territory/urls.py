from django.urls import path

from wangge.territory import views

urlpatterns = [
    path("", views.city_map, name="map"),
    path("design/", views.design, name="territory-design"),
    path("design/<int:pk>/", views.proposal, name="territory-proposal"),
    path("design/job/<int:pk>/", views.proposal_of_job, name="territory-proposal-job"),
]
