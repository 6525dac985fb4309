from django.urls import path

from . import explain, needed, views

app_name = "dashboards"
urlpatterns = [
    path("", views.home, name="home"),
    path("digits/", views.set_digits, name="set_digits"),
    path("goals/<str:code>/", views.goal, name="goal"),
    path("indicators/<str:code>/", views.indicator, name="indicator"),
    path("orgs/<str:code>/", views.org, name="org"),
    path("orgs/<str:code>/<int:year>/explain/", explain.explain, name="explain"),
    path("orgs/<str:code>/<int:year>/needed/", needed.needed, name="needed"),
    path("rankings/", views.rankings, name="rankings"),
    path("executive/", views.executive, name="executive"),
    path("embed/indicators/<str:code>/", views.embed_indicator, name="embed_indicator"),
    path("embed/orgs/<str:code>/", views.embed_org, name="embed_org"),
]
