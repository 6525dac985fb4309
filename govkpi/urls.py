from collections.abc import Callable

from django.contrib import admin
from django.http.response import HttpResponseBase
from django.urls import include, path
from django.views.generic import RedirectView

from govkpi.dashboards.errors import favicon

handler500 = "govkpi.dashboards.errors.server_error"


def to(pattern_name: str) -> Callable[..., HttpResponseBase]:
    """Natural addresses people type lead to the page that has them (a temporary redirect, keeping the query)."""
    return RedirectView.as_view(pattern_name=pattern_name, permanent=False, query_string=True)


urlpatterns = [
    path("favicon.ico", favicon, name="favicon"),
    path("", include("govkpi.ops.urls")),  # /healthz, /readyz, /metrics
    path("results/tasks/", to("results:tasks")),
    path("tasks/", to("results:tasks")),
    path("approvals/", to("results:approvals")),
    path("login/", to("accounts:login")),
    path("ita/", to("assessments:index")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("accounts/", include("govkpi.accounts.urls")),
    path("results/", include("govkpi.results.urls")),
    path("api/", include("govkpi.api.urls")),
    path("reports/", include("govkpi.reports.urls")),
    path("open-data/", include("govkpi.opendata.urls")),
    path("workbook/", include("govkpi.workbook.urls")),  # the upload page, with its progress
    path("assessments/", include("govkpi.assessments.urls")),
    path("awards/", include("govkpi.awards.urls")),
    path("notices/", include("govkpi.notify.urls")),
    path("", include("govkpi.strategy.urls")),
    path("", include("govkpi.dashboards.urls")),
]
