"""A URL configuration with a view that fails, to see the site's 500 page (test_error_pages)."""

from django.urls import path

from govkpi.urls import handler500
from govkpi.urls import urlpatterns as site


def broken(request):
    raise RuntimeError("this view always fails")


urlpatterns = [path("broken/", broken), *site]
__all__ = ["handler500", "urlpatterns"]
