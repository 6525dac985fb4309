from django.urls import path

from . import views

app_name = "opendata"
urlpatterns = [
    path("", views.index, name="index"),
    path("datapackage.zip", views.package, name="package"),
    path("catalog.jsonld", views.catalog, name="catalog"),
    path("tables/orgs/<str:code>.<slug:fmt>", views.org_tables, name="org_tables"),
    path("tables/indicators/<str:code>.<slug:fmt>", views.indicator_tables, name="indicator_tables"),
    path("tables/rankings.<slug:fmt>", views.rankings_tables, name="rankings_tables"),
    path("<slug:name>/", views.dataset_page, name="dataset"),
    path("<slug:name>.<slug:fmt>", views.download, name="download"),
]
