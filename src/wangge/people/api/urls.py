from django.urls import include, path
from rest_framework.routers import SimpleRouter

from wangge.people.api import views

router = SimpleRouter()
router.register("sessions", views.SessionViewSet, basename="people-session")
router.register("attendance", views.AttendanceViewSet, basename="people-attendance")
router.register("assessments", views.AssessmentViewSet, basename="people-assessment")
router.register("audits", views.AuditViewSet, basename="people-audit")
router.register("ratings", views.RatingViewSet, basename="people-rating")
router.register("survey-responses", views.SurveyResponseViewSet, basename="people-response")

urlpatterns = [
    path("hours/", views.HoursView.as_view(), name="people-hours"),
    path("gaps/", views.GapsView.as_view(), name="people-gaps"),
    path("reverse/", views.ReverseView.as_view(), name="people-reverse"),
    path("feed/", views.FeedView.as_view(), name="people-feed"),
    path("satisfaction/", views.SatisfactionView.as_view(), name="people-satisfaction"),
    path("", include(router.urls)),
]
