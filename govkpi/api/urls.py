"""`/api/`: version 1 is the Ninja API in `main.py` (one router per resource in `resources/`); its guide for people
at `/api/v1/docs` is an ordinary page (`views.guide`)."""

from django.urls import path

from . import views
from .main import api

urlpatterns = [
    path("v1/docs", views.guide, name="api_guide"),
    path("v1/", api.urls),
]
