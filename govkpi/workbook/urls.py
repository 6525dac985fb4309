from django.urls import path

from . import views

app_name = "workbook"
urlpatterns = [
    path("upload/", views.upload, name="upload"),
    path("upload/progress/<str:key>/", views.upload_progress, name="progress"),
]
