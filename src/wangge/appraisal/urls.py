from django.urls import path

app_name = "appraisal"
urlpatterns: list = []
