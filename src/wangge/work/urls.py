from django.urls import path

from wangge.work import views

app_name = "work"
urlpatterns = [
    path("", views.my_orders, name="home"),
    path("orders/new/", views.new_order, name="new-order"),
    path("orders/<int:pk>/", views.order_detail, name="order"),
    path("orders/<int:pk>/move/", views.order_move, name="order-move"),
    path("pipeline/", views.my_pipeline, name="pipeline"),
    path("opportunities/new/", views.new_opportunity, name="new-opportunity"),
    path("opportunities/<int:pk>/", views.opportunity_detail, name="opportunity"),
    path("opportunities/<int:pk>/stage/", views.opportunity_stage, name="opportunity-stage"),
    path("opportunities/<int:pk>/close/", views.opportunity_close, name="opportunity-close"),
    path("board/", views.board, name="board"),
    path("check-in/", views.check_in, name="check-in"),
    path("visits/<int:pk>/check-out/", views.check_out, name="check-out"),
    path("survey/", views.survey, name="survey"),
]
