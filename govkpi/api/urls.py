"""`/api/`: version 1 is the Ninja API in `main.py` (one router per resource in `resources/`)."""

from django.urls import path

from .main import api

urlpatterns = [
    path("v1/", api.urls),
]
