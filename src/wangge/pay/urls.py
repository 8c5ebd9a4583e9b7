from django.urls import path

app_name = "pay"
urlpatterns: list = []
