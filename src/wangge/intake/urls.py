from django.urls import path

from wangge.intake import views

app_name = "intake"
urlpatterns = [
    path("", views.home, name="home"),
    path("upload/", views.upload, name="upload"),
    path("jobs/<int:pk>/", views.job, name="job"),
    path("jobs/<int:pk>/errors/", views.job_errors, name="job-errors"),
    path("runs/<int:pk>/", views.run_detail, name="run"),
    path("runs/<int:pk>/errors/", views.run_errors, name="run-errors"),
    path("runs/<int:pk>/rollback/", views.run_rollback, name="run-rollback"),
]
