from django.urls import path

from wangge.appraisal import figures, views

app_name = "appraisal"
urlpatterns = [
    path("", views.home, name="home"),
    path("card/<int:pk>/", views.card, name="card"),
    path("item/<int:pk>/", views.item, name="item"),
    path("run/<int:pk>/", views.run_detail, name="run"),
    path("run/<int:pk>/publish/", views.publish, name="publish"),
    path("run/<int:pk>/export/", views.export, name="export"),
    path("close/", views.close, name="close"),
    path("targets/", views.targets, name="targets"),
    path("targets/adjust/", views.adjust, name="adjust"),
    path("targets/decompose/", views.decompose, name="decompose"),
    path("targets/export/", views.targets_export, name="targets-export"),
    path("targets/import/", views.targets_import, name="targets-import"),
    path("qualitative/", views.qualitative, name="qualitative"),
    path("qualitative/import/", views.qualitative_import, name="qualitative-import"),
    path("whatif/", views.whatif, name="whatif"),
    path("figures/", figures.figures, name="figures"),
    path("figures/export/", figures.figures_export, name="figures-export"),
    path("figures/unit/<int:unit_id>/", figures.unit_figures, name="figures-unit"),
]
