"""Brute force on the admin's login: wrong passwords lock the account out, in Italian."""

import datetime

import pytest
import time_machine

from django.urls import reverse
from django.utils import timezone

PASSWORD = "una-password-giusta-42"


@pytest.fixture
def lockout(settings):
    """django-axes on, as in production (the test settings turn it off for other tests)."""
    settings.AXES_ENABLED = True
    return settings


@pytest.fixture
def editor(django_user_model):
    return django_user_model.objects.create_user("redattrice", "r@example.it", PASSWORD,
                                                 is_superuser=True)


def sign_in(client, username, password, **headers):
    return client.post(reverse("wagtailadmin_login"), {"username": username, "password": password},
                       **headers)


def signed_in(client) -> bool:
    return "_auth_user_id" in client.session


@pytest.mark.django_db
def test_twenty_wrong_passwords_lock_the_account_until_the_cool_off(client, lockout, editor):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        answers = [sign_in(client, "redattrice", f"sbagliata-{n}") for n in range(20)]
        first = answers[0]
        assert first.status_code == 200  # the login form again, with its error
        assert "Troppi tentativi" not in first.content.decode()
        locked = [answer for answer in answers if answer.status_code == 429]
        assert locked, "20 wrong passwords were all answered normally"
        assert len(locked) >= 20 - lockout.AXES_FAILURE_LIMIT
        page = locked[-1].content.decode()
        assert "Troppi tentativi di accesso con una password sbagliata" in page
        assert "bloccato per 15 minuti" in page

        # Now even the right password is refused.
        refused = sign_in(client, "redattrice", PASSWORD)
        assert refused.status_code == 429
        assert not signed_in(client)

    # Trying while locked out starts the cool-off again: it runs from the last attempt.
    last_attempt = start + datetime.timedelta(minutes=10)
    with time_machine.travel(last_attempt, tick=False):
        assert sign_in(client, "redattrice", PASSWORD).status_code == 429
        assert not signed_in(client)

    with time_machine.travel(last_attempt + lockout.AXES_COOLOFF_TIME
                             - datetime.timedelta(minutes=1), tick=False):
        assert sign_in(client, "redattrice", PASSWORD).status_code == 429

    with time_machine.travel(last_attempt + 2 * lockout.AXES_COOLOFF_TIME, tick=False):
        welcome = sign_in(client, "redattrice", PASSWORD)
        assert welcome.status_code == 302
        assert signed_in(client)


@pytest.mark.django_db
def test_a_colleague_on_the_same_address_can_still_sign_in(client, lockout, editor,
                                                           django_user_model):
    django_user_model.objects.create_user("collega", "c@example.it", PASSWORD,
                                          is_superuser=True)
    for n in range(lockout.AXES_FAILURE_LIMIT + 1):
        sign_in(client, "redattrice", f"sbagliata-{n}")
    assert sign_in(client, "redattrice", PASSWORD).status_code == 429
    assert sign_in(client, "collega", PASSWORD).status_code == 302
    assert signed_in(client)


@pytest.mark.django_db
def test_a_few_typos_do_not_lock_anyone_out(client, lockout, editor):
    for n in range(lockout.AXES_FAILURE_LIMIT - 1):
        assert sign_in(client, "redattrice", f"sbagliata-{n}").status_code == 200
    assert sign_in(client, "redattrice", PASSWORD).status_code == 302
    assert signed_in(client)


@pytest.fixture
def behind_nginx(lockout):
    """The CMS behind the proxy of scripts/deploy: every request comes from 10.0.0.2."""
    lockout.TRUSTED_PROXIES = 1  # RETE_TRUSTED_PROXIES=1
    return lockout


def through_proxy(client_address: str, written_by_client: str = "") -> dict:
    """What nginx's `$proxy_add_x_forwarded_for` sends: the client's header, then its address."""
    forwarded = f"{written_by_client}, {client_address}" if written_by_client else client_address
    return {"REMOTE_ADDR": "10.0.0.2", "HTTP_X_FORWARDED_FOR": forwarded}


@pytest.mark.django_db
def test_behind_the_proxy_the_lock_falls_on_the_attackers_address_only(client, behind_nginx,
                                                                       editor):
    attacker = through_proxy("203.0.113.7")
    for n in range(behind_nginx.AXES_FAILURE_LIMIT + 1):
        sign_in(client, "redattrice", f"sbagliata-{n}", **attacker)
    assert sign_in(client, "redattrice", PASSWORD, **attacker).status_code == 429
    # The editor at the town hall, through the same proxy, is not locked out.
    assert sign_in(client, "redattrice", PASSWORD, **through_proxy("198.51.100.20")).status_code \
        == 302
    assert signed_in(client)


@pytest.mark.django_db
def test_an_address_written_into_the_header_by_the_client_does_not_escape_the_lock(
        client, behind_nginx, editor):
    for n in range(behind_nginx.AXES_FAILURE_LIMIT + 1):
        sign_in(client, "redattrice", f"sbagliata-{n}",
                **through_proxy("203.0.113.7", written_by_client=f"192.0.2.{n}"))
    answer = sign_in(client, "redattrice", PASSWORD,
                     **through_proxy("203.0.113.7", written_by_client="192.0.2.99"))
    assert answer.status_code == 429
