from django.urls import path

from wangge.appraisal import figures
from wangge.appraisal.views import runs, targets, whatif

app_name = "appraisal"
urlpatterns = [
    path("", runs.home, name="home"),
    path("card/<int:pk>/", runs.card, name="card"),
    path("item/<int:pk>/", runs.item, name="item"),
    path("run/<int:pk>/", runs.run_detail, name="run"),
    path("run/<int:pk>/publish/", runs.publish, name="publish"),
    path("run/<int:pk>/export/", runs.export, name="export"),
    path("close/", runs.close, name="close"),
    path("targets/", targets.targets, name="targets"),
    path("targets/adjust/", targets.adjust, name="adjust"),
    path("targets/decompose/", targets.decompose, name="decompose"),
    path("targets/export/", targets.targets_export, name="targets-export"),
    path("targets/import/", targets.targets_import, name="targets-import"),
    path("qualitative/", targets.qualitative, name="qualitative"),
    path("qualitative/import/", targets.qualitative_import, name="qualitative-import"),
    path("whatif/", whatif.whatif, name="whatif"),
    path("figures/", figures.figures, name="figures"),
    path("figures/export/", figures.figures_export, name="figures-export"),
    path("figures/unit/<int:unit_id>/", figures.unit_figures, name="figures-unit"),
]
