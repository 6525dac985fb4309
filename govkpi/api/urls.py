"""`/api/v1/`: one module per resource in `resources/`, each adding its own paths here."""

from django.urls import path

from .resources import results

app_name = "api"
urlpatterns = [
    path("v1/results", results.collection, name="results"),
    path("v1/results/<int:pk>", results.detail, name="result"),
    path("v1/results/<int:pk>/submit", results.submit, name="result-submit"),
    path("v1/results/<int:pk>/approve", results.approve, name="result-approve"),
    path("v1/results/<int:pk>/return", results.return_, name="result-return"),
    path("v1/results/<int:pk>/reopen", results.reopen, name="result-reopen"),
]
