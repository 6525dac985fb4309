"""A token's expiry is kept in UTC, whatever offset it came with; one no calendar can hold is a 400, not a 500."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from govkpi.accounts.actions import create_token
from govkpi.accounts.models import ApiToken

pytestmark = pytest.mark.django_db


def test_an_odd_offset_is_kept_as_the_same_moment_in_utc(django_user_model):
    user = django_user_model.objects.create_user("alice")
    odd = dt.datetime(2999, 4, 1, 6, 23, 39, tzinfo=dt.timezone(-dt.timedelta(hours=20, minutes=14)))
    create_token(user, acting_user=None, channel="cli", expires_at=odd)
    assert ApiToken.objects.get().expires_at == odd


def test_an_expiry_beyond_the_calendar_is_refused(django_user_model):
    user = django_user_model.objects.create_user("bob")
    edge = dt.datetime(9999, 12, 31, 23, 0, tzinfo=dt.timezone(-dt.timedelta(hours=20)))
    with pytest.raises(ValidationError) as refused:
        create_token(user, acting_user=None, channel="cli", expires_at=edge)
    assert "expires_at" in refused.value.message_dict
