from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("accounts/", include("govkpi.accounts.urls")),
    path("results/", include("govkpi.results.urls")),
    path("api/", include("govkpi.api.urls")),
    path("reports/", include("govkpi.reports.urls")),
    path("open-data/", include("govkpi.opendata.urls")),
    path("assessments/", include("govkpi.assessments.urls")),
    path("awards/", include("govkpi.awards.urls")),
    path("", include("govkpi.dashboards.urls")),
]
