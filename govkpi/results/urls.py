from django.urls import path

from . import views

app_name = "results"
urlpatterns = [
    path("", views.tasks, name="tasks"),
    path("entry/<str:org>/<str:period>/", views.entry, name="entry"),
    path("entry/<str:org>/<str:period>/sheet/", views.entry_sheet, name="sheet"),
    path("approvals/", views.approvals, name="approvals"),
    path("approvals/selected/", views.approve_selected, name="approve_selected"),
    path("<int:pk>/decide/", views.decide, name="decide"),
    path("<int:pk>/history/", views.history, name="history"),
    path("<int:pk>/reopen/", views.reopen, name="reopen"),
    path("<int:pk>/follow-up/", views.follow_up, name="follow_up"),
    path("quality/", views.quality_page, name="quality"),
    path("evidence/<int:pk>/", views.evidence_file, name="evidence"),
    path("evidence/<int:pk>/preview/", views.evidence_preview, name="evidence_preview"),
    path("overdue/", views.overdue, name="overdue"),
    path("calendar/", views.calendar, name="calendar"),
    path("overdue/<str:org>/escalate/", views.escalate, name="escalate"),
]
