from django.urls import path

from . import views

app_name = "dashboards"
urlpatterns = [
    path("", views.home, name="home"),
    path("digits/", views.set_digits, name="set_digits"),
]
