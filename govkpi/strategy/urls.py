from django.urls import path

from . import views

app_name = "strategy"
urlpatterns = [
    path("plans/", views.index, name="index"),
    path("budget/", views.latest_budget, name="latest_budget"),
    path("budget/<int:year>/", views.budget, name="budget"),
    path("plans/<str:code>/", views.plan, name="plan"),
]
