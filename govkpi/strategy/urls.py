from django.urls import path

from . import views

app_name = "strategy"
urlpatterns = [
    path("plans/", views.index, name="index"),
    path("budget/", views.latest_budget, name="latest_budget"),
    path("budget/<int:year>/", views.budget, name="budget"),
    path("plans/<str:code>/", views.plan, name="plan"),
    path("projects/report/", views.report_index, name="report_index"),
    path("projects/report/<str:org>/<str:period>/", views.progress_entry, name="progress_entry"),
    path("projects/approvals/", views.progress_approvals, name="progress_approvals"),
    path("projects/approvals/selected/", views.progress_selected, name="progress_selected"),
    path("projects/progress/<int:pk>/", views.progress_history, name="progress_history"),
    path("projects/progress/<int:pk>/decide/", views.progress_decide, name="progress_decide"),
    path("projects/evidence/<int:pk>/", views.progress_evidence, name="progress_evidence"),
    path("projects/<str:code>/", views.project, name="project"),
]
