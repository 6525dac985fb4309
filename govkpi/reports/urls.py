from django.urls import path

from . import views

app_name = "reports"
urlpatterns = [
    path("", views.index, name="index"),
    path("generate/", views.generate, name="generate"),
    path("generate/progress/<str:key>/", views.generate_progress, name="progress"),
    path("<int:pk>/publish/", views.publish, name="publish"),
    path("<int:pk>/<str:filename>", views.download, name="download"),
]
