from django.urls import path

from wangge.jobs import views

urlpatterns = [
    path("<int:pk>/", views.job_detail, name="job"),
    path("<int:pk>/download/", views.job_download, name="job-download"),
]
