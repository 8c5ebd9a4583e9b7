from rest_framework.routers import SimpleRouter

from wangge.customers.api.views import CustomerViewSet, SubscriptionViewSet

router = SimpleRouter()
router.register("customers", CustomerViewSet, basename="customer")
router.register("subscriptions", SubscriptionViewSet, basename="subscription")

urlpatterns = router.urls
