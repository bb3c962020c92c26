"""The second factor's secrets at rest: a TOTP secret is stored encrypted and a backup code as a
keyed hash, with a key from the environment (TWEESTAPS_SLEUTEL), so the database or a backup alone
signs nobody in. Existing plain rows of django-otp's plugins are moved and encrypted."""

import binascii
import importlib
from base64 import b32encode
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from kern.models import AuthenticatorApp, Reservecode, Reservecodes
from kern.tweestaps import nieuw_app_apparaat, reservecodes_maken
from tests.test_tweestaps import WACHTWOORD, code_van

ANDERE_SLEUTEL = "ZWVuLWFuZGVyZS1zbGV1dGVsLWRhbi1kZS1nb2VkZSE="


def rauw(sql: str, *parameters) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, parameters)
        return cursor.fetchall()


def test_the_app_secret_and_the_backup_codes_are_not_stored_in_plain_text(financien):
    apparaat = nieuw_app_apparaat(financien)
    codes = reservecodes_maken(financien)
    geheim = apparaat.bin_key

    (opgeslagen,) = rauw("SELECT geheim FROM kern_authenticatorapp WHERE id = %s", apparaat.pk)[0]
    hashes = {h for (h,) in rauw("SELECT hash FROM kern_reservecode")}

    for vorm in (geheim.hex(), b32encode(geheim).decode(), b32encode(geheim).decode().rstrip("=")):
        assert vorm.lower() not in opgeslagen.lower()
    assert len(hashes) == 10
    assert not hashes & set(codes)
    assert all(len(h) == 64 for h in hashes)


def test_without_the_key_from_the_environment_the_stored_secret_is_useless(financien, settings):
    apparaat = nieuw_app_apparaat(financien)
    codes = reservecodes_maken(financien)
    settings.TWEESTAPS_SLEUTEL = ANDERE_SLEUTEL

    with pytest.raises(ImproperlyConfigured, match="niet te ontsleutelen met TWEESTAPS_SLEUTEL"):
        _ = AuthenticatorApp.objects.get(pk=apparaat.pk).bin_key
    assert not Reservecodes.objects.get(user=financien).verify_token(codes[0])


def test_a_second_key_rotates_without_losing_a_device(financien, settings):
    apparaat = nieuw_app_apparaat(financien)
    codes = reservecodes_maken(financien)
    geheim = apparaat.bin_key
    settings.TWEESTAPS_SLEUTEL = f"{ANDERE_SLEUTEL},{settings.TWEESTAPS_SLEUTEL}"

    assert AuthenticatorApp.objects.get(pk=apparaat.pk).bin_key == geheim
    assert Reservecodes.objects.get(user=financien).verify_token(codes[1])


def test_the_session_id_is_renewed_after_the_code_step(client, financien):
    apparaat = AuthenticatorApp.objects.create(user=financien, name="Authenticator-app", confirmed=True)
    client.post(reverse("login"), {"username": financien.username, "password": WACHTWOORD})
    na_wachtwoord = client.cookies["sessionid"].value

    client.post(reverse("tweestaps_code"), {"code": code_van(apparaat)})

    na_code = client.cookies["sessionid"].value
    assert na_code != na_wachtwoord
    assert client.get(reverse("home")).status_code == 200
    # The id from between the two steps opens nothing.
    client.cookies["sessionid"] = na_wachtwoord
    assert client.get(reverse("home")).status_code == 302


def test_the_plain_rows_of_django_otps_plugins_are_moved_encrypted_and_their_tables_dropped(financien):
    """As a database from before migration 0004 had them (the plugins' own columns)."""
    geheim = bytes(range(20))
    nu = timezone.now()
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TABLE otp_totp_totpdevice (id integer PRIMARY KEY, user_id bigint, name varchar(64), "
            "confirmed boolean, key varchar(80), step smallint, t0 bigint, digits smallint, tolerance smallint, "
            "drift smallint, last_t bigint, throttling_failure_timestamp timestamp with time zone NULL, "
            "throttling_failure_count integer, created_at timestamp with time zone NULL, "
            "last_used_at timestamp with time zone NULL)"
        )
        cursor.execute(
            "CREATE TABLE otp_static_staticdevice (id integer PRIMARY KEY, user_id bigint, name varchar(64), "
            "confirmed boolean, throttling_failure_timestamp timestamp with time zone NULL, "
            "throttling_failure_count integer, created_at timestamp with time zone NULL, "
            "last_used_at timestamp with time zone NULL)"
        )
        cursor.execute(
            "CREATE TABLE otp_static_statictoken (id integer PRIMARY KEY, device_id integer, token varchar(16))"
        )
        cursor.execute(
            "INSERT INTO otp_totp_totpdevice VALUES (7, %s, 'Authenticator-app', %s, %s, 30, 0, 6, 1, 0, 1234, "
            "NULL, 0, %s, NULL)",
            [financien.pk, True, binascii.hexlify(geheim).decode(), nu],
        )
        cursor.execute(
            "INSERT INTO otp_static_staticdevice VALUES (3, %s, 'Reservecodes', %s, NULL, 0, %s, NULL)",
            [financien.pk, True, nu],
        )
        cursor.execute("INSERT INTO otp_static_statictoken VALUES (1, 3, 'abcd2345'), (2, 3, 'efgh6723')")
    migratie = importlib.import_module("kern.migrations.0004_tweestaps_versleuteld")

    migratie.move_plain_secrets(apps, SimpleNamespace(connection=connection))

    app = AuthenticatorApp.objects.get(user=financien)
    assert (app.bin_key, app.last_t, app.confirmed) == (geheim, 1234, True)
    assert binascii.hexlify(geheim).decode() not in app.geheim
    assert Reservecode.objects.filter(apparaat__user=financien).count() == 2
    assert Reservecodes.objects.get(user=financien).verify_token("efgh6723")
    tabellen = connection.introspection.table_names()
    assert not {"otp_totp_totpdevice", "otp_static_staticdevice", "otp_static_statictoken"} & set(tabellen)
