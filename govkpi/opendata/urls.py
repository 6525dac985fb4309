from django.urls import path

from . import views

app_name = "opendata"
urlpatterns = [
    path("", views.index, name="index"),
    path("datapackage.zip", views.package, name="package"),
    path("catalog.jsonld", views.catalog, name="catalog"),
    path("<slug:name>/", views.dataset_page, name="dataset"),
    path("<slug:name>.<slug:fmt>", views.download, name="download"),
]
