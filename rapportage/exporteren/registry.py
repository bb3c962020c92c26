"""The exporters, by identifier (pretix's pattern): the Exports page, the `export_rapport` command
and the tests all find a report here, and a new report is one class with `@registreer`."""

import datetime
from collections.abc import Iterator

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.text import slugify

from financiering.models import Toezegging
from jaarplan.models import Jaarplan

from .schrijver import Blad, Info, schrijf_xlsx

EXPORTERS: dict[str, type["Exporter"]] = {}


def registreer(cls):
    EXPORTERS[cls.identifier] = cls
    return cls


class Exporter:
    identifier: str = ""
    verbose_name: str = ""
    omschrijving: str = ""
    opties: tuple[str, ...] = ("jaar",)  # which of jaar, financier this report needs
    do_not_call_in_templates = True  # the Exports page lists the classes themselves

    def __init__(self, *, leerwerkloket, jaar: int | None = None, financier=None, door=None):
        self.leerwerkloket = leerwerkloket
        self.jaar = jaar
        self.financier = financier
        self.door = door
        self.gemaakt_op = timezone.localtime()

    def bladen(self) -> Iterator[Blad]:
        raise NotImplementedError

    def controleer(self) -> None:
        """Refuse, in Dutch, a report that would be empty: a year without a jaarplan and without a
        toezegging has nothing to report (a typo such as 2030 for 2020 must not make an empty file)."""
        if "jaar" not in self.opties or self.jaar is None:
            return
        if not (
            Jaarplan.objects.voor_regio(self.leerwerkloket).filter(jaar=self.jaar).exists()
            or Toezegging.objects.voor_regio(self.leerwerkloket).telt().filter(jaar=self.jaar).exists()
        ):
            raise ValidationError(
                f"{self.leerwerkloket} heeft voor {self.jaar} geen jaarplan en geen toezeggingen; er is niets om "
                f"te rapporteren. Kies een jaar met gegevens."
            )

    def info_regels(self) -> list[tuple[str, object]]:
        regels = [("Leerwerkloket", str(self.leerwerkloket))]
        if self.jaar:
            regels.append(("Jaar", self.jaar))
        if self.financier is not None:
            regels.append(("Financier", str(self.financier)))
        regels += [
            ("Gemaakt op", self.gemaakt_op.strftime("%d-%m-%Y %H:%M")),
            ("Gemaakt door", self.door.get_full_name() or self.door.username if self.door else "opdrachtregel"),
            ("Bedragen", "in euro's; totalen zijn formules (=SOM) over de regels erboven"),
        ]
        return regels

    def bestandsnaam(self) -> str:
        delen = [self.identifier, self.leerwerkloket.slug]
        if self.financier is not None:
            delen.append(slugify(self.financier.naam))
        if self.jaar:
            delen.append(str(self.jaar))
        return "-".join(delen) + ".xlsx"

    def schrijf(self, uit) -> None:
        schrijf_xlsx(
            self.bladen(), Info(rapport=f"{self.verbose_name} – {self.leerwerkloket}", regels=self.info_regels()), uit
        )


def vandaag() -> datetime.date:
    return timezone.localdate()
