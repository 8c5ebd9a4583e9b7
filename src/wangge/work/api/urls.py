from django.urls import include, path
from rest_framework.routers import DefaultRouter

from wangge.work.api import basics, views

router = DefaultRouter()
router.register("orders", views.WorkOrderViewSet, basename="work-order")
router.register("opportunities", views.OpportunityViewSet, basename="work-opportunity")
router.register("visits", views.VisitViewSet, basename="work-visit")
router.register("surveys", views.SurveyViewSet, basename="work-survey")
router.register("owners", views.OwnerViewSet, basename="work-owner")
router.register("campaigns", views.CampaignViewSet, basename="work-campaign")
router.register("names", views.CampaignNameViewSet, basename="work-name")
router.register("network", views.NetworkResourceViewSet, basename="work-network")
router.register("plans", views.GridPlanViewSet, basename="work-plan")
router.register("competitions", basics.CompetitionViewSet, basename="work-competition")
router.register("meetings", basics.MeetingViewSet, basename="work-meeting")
router.register("logs", basics.WorkLogViewSet, basename="work-log")

urlpatterns = [path("", include(router.urls))]
