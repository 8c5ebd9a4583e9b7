from django.urls import path

from wangge.people import views

app_name = "people"
urlpatterns = [
    path("training/", views.training_page, name="training"),
    path("training/export/", views.training_export, name="training-export"),
    path("training/pay-sheet/", views.pay_sheet, name="pay-sheet"),
    path("training/sessions/", views.hold_session, name="hold-session"),
    path("training/attend/", views.attend, name="attend"),
    path("competency/", views.competency_page, name="competency"),
    path("competency/assess/", views.assess, name="assess"),
    path("competency/certify/", views.certify, name="certify"),
    path("audits/", views.audits_page, name="audits"),
    path("audits/export/", views.audits_export, name="audits-export"),
    path("audits/new/", views.audit_new, name="audit-new"),
    path("audits/<int:pk>/", views.audit_page, name="audit"),
    path("findings/<int:pk>/photo/", views.finding_photo, name="photo"),
    path("rate/", views.rate_page, name="rate"),
    path("rate/save/", views.rate, name="rate-save"),
    path("reverse/", views.reverse_page, name="reverse"),
    path("reverse/feed/", views.feed_month, name="feed"),
    path("satisfaction/", views.satisfaction_page, name="satisfaction"),
    path("satisfaction/export/", views.satisfaction_export, name="satisfaction-export"),
    path("satisfaction/enter/", views.satisfaction_enter, name="satisfaction-enter"),
    path("satisfaction/import/", views.satisfaction_import, name="satisfaction-import"),
]
