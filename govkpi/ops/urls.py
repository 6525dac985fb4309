from django.urls import path

from .health import healthz, readyz
from .metrics import metrics

app_name = "ops"
urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("readyz", readyz, name="readyz"),
    path("metrics", metrics, name="metrics"),
]
