from django.urls import path

from . import registry_views, views

app_name = "awards"
urlpatterns = [
    path("", views.index, name="index"),
    path("registry/", registry_views.registry, name="registry"),
    path("registry/new/", registry_views.edit, name="create"),
    path("registry/<int:pk>/", registry_views.edit, name="edit"),
    path("registry/<int:pk>/certificate/", registry_views.certificate, name="certificate"),
]
