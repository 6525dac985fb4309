from django.urls import path

from . import checklist_views, views

app_name = "assessments"
urlpatterns = [
    path("", views.index, name="index"),
    path("<slug:framework>/<int:year>/", views.framework, name="framework"),
    path("readiness/<slug:framework>/<int:year>/", checklist_views.readiness, name="readiness"),
    path("readiness/<slug:framework>/<int:year>/<str:org>/", checklist_views.org_checklist, name="checklist"),
    path(
        "readiness/<slug:framework>/<int:year>/<str:org>/<str:item>/save/",
        checklist_views.save_item,
        name="checklist_save",
    ),
    path(
        "readiness/<slug:framework>/<int:year>/<str:org>/<str:item>/confirm/",
        checklist_views.confirm_item,
        name="checklist_confirm",
    ),
    path(
        "readiness/<slug:framework>/<int:year>/<str:org>/<str:item>/evidence/",
        checklist_views.evidence,
        name="checklist_evidence",
    ),
]
