from django.urls import path

from wangge.work import views
from wangge.work.views import campaigns, network, pool, records, tags

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
    path("pool/", pool.pool_page, name="pool"),
    path("pool/give/", pool.pool_give, name="pool-give"),
    path("campaigns/", campaigns.campaign_list, name="campaigns"),
    path("campaigns/new/", campaigns.campaign_new, name="campaign-new"),
    path("campaigns/<int:pk>/", campaigns.campaign_detail, name="campaign"),
    path("campaigns/<int:pk>/split/", campaigns.campaign_split, name="campaign-split"),
    path("my-list/", campaigns.my_list, name="my-list"),
    path("names/<int:pk>/outcome/", campaigns.name_outcome, name="name-outcome"),
    path("records/", records.records_index, name="records"),
    path("grids/<int:pk>/", records.grid_page, name="grid"),
    path("grids/<int:pk>/plan/", records.grid_priorities, name="grid-priorities"),
    path("grids/<int:pk>/actions/", records.grid_action, name="grid-action"),
    path("actions/<int:pk>/done/", records.action_done, name="action-done"),
    path("network/", network.network_page, name="network"),
    path("network/import/", network.network_import, name="network-import"),
    path("tags/", tags.tag_list, name="tags"),
    path("tags/import/", tags.tag_import, name="tag-import"),
    path("tags/refresh/", tags.tag_refresh, name="tag-refresh"),
]
