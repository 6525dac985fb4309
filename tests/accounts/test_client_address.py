"""The client's address behind trusted proxies: the one the outermost proxy saw, never one the client wrote."""

from django.test import RequestFactory

from govkpi.accounts.throttle import client_address


def request(forwarded=None):
    extra = {"REMOTE_ADDR": "127.0.0.1"}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **extra)


def test_without_proxies_it_is_remote_addr_whatever_the_header_says(settings):
    settings.GOVKPI_PROXY_HOPS = 0
    assert client_address(request("203.0.113.9")) == "127.0.0.1"


def test_behind_one_proxy_it_is_the_rightmost_forwarded_address(settings):
    settings.GOVKPI_PROXY_HOPS = 1
    assert client_address(request("203.0.113.9")) == "203.0.113.9"
    # a client that sends its own X-Forwarded-For cannot choose: nginx appends the address it saw
    assert client_address(request("10.9.9.9, 203.0.113.9")) == "203.0.113.9"
    assert client_address(request()) == "127.0.0.1"


def test_behind_two_proxies_it_counts_two_from_the_right(settings):
    settings.GOVKPI_PROXY_HOPS = 2
    assert client_address(request("10.9.9.9, 203.0.113.9, 192.0.2.1")) == "203.0.113.9"
