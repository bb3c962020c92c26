"""The importers' models moved app (issue 22) without losing a row: an import batch and a bank
line made before the move are there after it, under the new app, with the same keys, and a
group's permission on them moved along. And back."""

import datetime
from decimal import Decimal

import pytest

from tests.migraties import migreer, naar_de_laatste

VOOR = [
    ("rapportage", "0008_importregel_in_de_boeking"),
    ("financiering", "0004_factuur_vooruitgedateerd"),
    ("jaarplan", "0010_jaarplan_afsluiten_na_het_jaar"),
]
NA = [
    ("rapportage", "0009_importers_naar_jaarplan_en_financiering"),
    ("financiering", "0006_bankregel_status_overgangen"),
    ("jaarplan", "0012_importbatch_status_overgangen"),
]


@pytest.mark.django_db(transaction=True)
def test_the_moved_models_keep_their_rows_keys_and_permissions_there_and_back():
    oud = migreer(VOOR)
    try:
        regio = oud.get_model("partners", "Leerwerkloket").objects.create(
            naam="Leerwerkloket Twente", slug="twente", arbeidsmarktregio="Twente"
        )
        batch = oud.get_model("rapportage", "Importbatch").objects.create(
            leerwerkloket=regio, bestandsnaam="boekingen-2021.xlsx", checksum="a" * 64, inhoud=b"x"
        )
        regel = oud.get_model("rapportage", "Bankregel").objects.create(
            leerwerkloket=regio,
            sleutel="b" * 64,
            datum=datetime.date(2021, 2, 26),
            bedrag=Decimal("37500.00"),
            tegenpartij="ROC VAN TWENTE",
            tegenrekening="",
            omschrijving="Betaling LWT-2021-002",
            bestandsnaam="afschrift.csv",
        )
        contenttype = oud.get_model("contenttypes", "ContentType").objects.get(
            app_label="rapportage", model="bankregel"
        )
        recht = oud.get_model("auth", "Permission").objects.get(content_type=contenttype, codename="change_bankregel")
        groep = oud.get_model("auth", "Group").objects.create(name="financiën-test")
        groep.permissions.add(recht)

        nieuw = migreer(NA)

        batch_na = nieuw.get_model("jaarplan", "Importbatch").objects.get(pk=batch.pk)
        regel_na = nieuw.get_model("financiering", "Bankregel").objects.get(pk=regel.pk)
        assert (batch_na.bestandsnaam, batch_na.leerwerkloket_id) == ("boekingen-2021.xlsx", regio.pk)
        assert (regel_na.bedrag, regel_na.tegenpartij, regel_na.status) == (
            Decimal("37500.00"),
            "ROC VAN TWENTE",
            "open",
        )
        rechten = nieuw.get_model("auth", "Group").objects.get(pk=groep.pk).permissions.all()
        assert [(r.content_type.app_label, r.codename) for r in rechten] == [("financiering", "change_bankregel")]

        terug = migreer(VOOR)
        assert terug.get_model("rapportage", "Bankregel").objects.get(pk=regel.pk).bedrag == Decimal("37500.00")
        assert terug.get_model("rapportage", "Importbatch").objects.filter(pk=batch.pk).exists()
    finally:
        naar_de_laatste("rapportage", "financiering", "jaarplan")
