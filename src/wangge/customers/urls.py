from django.urls import path

from wangge.customers import views

urlpatterns = [
    path("", views.customer_list, name="customers"),
    path("<int:pk>/", views.customer_detail, name="customer"),
    path("export/", views.customer_export, name="customer-export"),
]
