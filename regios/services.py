"""A new region (Leerwerkloket) in one step, for the command `regio_aanmaken` and the national
role's page alike: the region, its UWV and ROC, the gemeenten as one group with a verdeelsleutel
by inhabitants for this year, its users (each with a one-time link to set a password), and an
empty first jaarplan, optionally with another region's activity catalogue; in the last quarter
next year's jaarplan too (`eerste_jaren`). One transaction: any refusal stores nothing."""

import datetime
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models.functions import Lower
from django.utils import timezone

from jaarplan.models import Jaarplan
from jaarplan.services import activiteiten_overnemen, jaarplan_aanmaken
from kern.geschiedenis import opslaan as _opslaan
from partners.models import Gebruiker, Leerwerkloket, Partner, Verdeelsleutel, VerdeelsleutelAandeel
from partners.roles import Rol
from partners.wachtwoord import uitnodiging_versturen, wachtwoordpad

from .bestanden import GebruikerRegel, Gemeente

REGIONALE_ROLLEN = (Rol.PROJECTLEIDER, Rol.STUURGROEP, Rol.FINANCIEN, Rol.BEHEERDER)
# What a role may be called in a file: its value, its label, and the usual variants.
ROLNAMEN = {
    **{rol.value: rol for rol in REGIONALE_ROLLEN},
    **{re.sub(r"[^a-z]", "", rol.label.lower().replace("ë", "e")): rol for rol in REGIONALE_ROLLEN},
    "stuurgroepleden": Rol.STUURGROEP,
    "financieel": Rol.FINANCIEN,
}
SLUG = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")
# From October a new region prepares next year: its stuurgroep adopts that plan before January.
LAATSTE_KWARTAAL = 10


def eerste_jaren(vandaag: datetime.date) -> list[int]:
    """The years a region made on `vandaag` gets a jaarplan for: this year, and in the last
    quarter next year's too."""
    return [vandaag.year, vandaag.year + 1] if vandaag.month >= LAATSTE_KWARTAAL else [vandaag.year]


@dataclass
class Uitnodiging:
    gebruiker: Gebruiker
    rollen: list[str]
    link: str

    @property
    def rolnamen(self) -> str:
        """The role names, such as "Projectleider, Beheerder": shown, never checked."""
        return ", ".join(Rol(rol).label for rol in self.rollen)


@dataclass
class NieuweRegio:
    regio: Leerwerkloket
    gemeenten: Partner
    verdeelsleutel: Verdeelsleutel
    jaarplan: Jaarplan
    activiteiten: int
    uitnodigingen: list[Uitnodiging] = field(default_factory=list)
    per_email: bool = False  # whether the links also went out by e-mail
    volgend_jaarplan: Jaarplan | None = None  # made in the last quarter, with the same activities

    @property
    def jaarplannen(self) -> list[Jaarplan]:
        return [self.jaarplan, *([self.volgend_jaarplan] if self.volgend_jaarplan else [])]


@dataclass
class _Persoon:
    naam: str
    email: str
    rollen: list[str]
    waar: str  # the first row that names this person


def _regel(g: GebruikerRegel, volgnummer: int) -> str:
    return f"Rij {g.rij}" if g.rij is not None else f"Gebruiker {volgnummer}"


def _personen(gebruikers: Sequence[GebruikerRegel], fouten: dict[str, list[str]]) -> list[_Persoon]:
    """One person per e-mail address (someone may hold two roles), or the refusals per row."""
    personen: dict[str, _Persoon] = {}
    for volgnummer, g in enumerate(gebruikers, start=1):
        waar = _regel(g, volgnummer)
        rol = ROLNAMEN.get(re.sub(r"[^a-z]", "", g.rol.lower().replace("ë", "e")))
        email = g.email.strip()
        if rol is None:
            fouten["gebruikers"].append(
                f"{waar}: de rol '{g.rol}' bestaat niet; kies projectleider, stuurgroep, financien of beheerder."
            )
            continue
        if not g.naam.strip():
            fouten["gebruikers"].append(f"{waar}: de naam ontbreekt.")
            continue
        try:
            validate_email(email)
        except ValidationError:
            fouten["gebruikers"].append(f"{waar}: '{email}' is geen geldig e-mailadres.")
            continue
        if len(email) > 150:
            fouten["gebruikers"].append(f"{waar}: het e-mailadres is langer dan 150 tekens.")
            continue
        sleutel = email.lower()
        if sleutel in personen:
            persoon = personen[sleutel]
            if persoon.naam.casefold() != g.naam.strip().casefold():
                fouten["gebruikers"].append(
                    f"{waar}: {email} staat er al met de naam {persoon.naam}; één e-mailadres is één persoon."
                )
            elif rol not in persoon.rollen:
                persoon.rollen.append(rol)
            continue
        personen[sleutel] = _Persoon(naam=" ".join(g.naam.split()), email=email, rollen=[rol], waar=waar)
    # Their user name is their address: one already in use (as a name or an address) is refused.
    bezet = {
        *Gebruiker.objects.annotate(naam=Lower("username")).filter(naam__in=[*personen]).values_list("naam", flat=True),
        *Gebruiker.objects.annotate(adres=Lower("email")).filter(adres__in=[*personen]).values_list("adres", flat=True),
    }
    for sleutel in [s for s in personen if s in bezet]:
        fouten["gebruikers"].append(
            f"{personen[sleutel].waar}: er is al een gebruiker met e-mailadres of gebruikersnaam "
            f"{personen[sleutel].email}; "
            "gebruik een ander adres of laat de beheerder die gebruiker aanpassen."
        )
    return list(personen.values())


def _controleer(*, naam, slug, gemeenten, uwv, roc, arbeidsmarktregio, activiteiten_van, fouten) -> Jaarplan | None:
    if not naam:
        fouten["naam"].append("Vul de naam van het Leerwerkloket in, bijvoorbeeld 'Leerwerkloket Groningen'.")
    elif len(naam) > 100:
        fouten["naam"].append("De naam is langer dan 100 tekens.")
    elif bestaand := Leerwerkloket.objects.filter(naam__iexact=naam).first():
        fouten["naam"].append(f"Er is al een regio met de naam '{bestaand.naam}'; kies een andere naam.")
    if not slug:
        fouten["slug"].append("Vul een korte naam in, bijvoorbeeld 'groningen'.")
    elif not SLUG.fullmatch(slug) or len(slug) > 50:
        fouten["slug"].append(
            f"De korte naam '{slug}' mag alleen kleine letters, cijfers en streepjes bevatten (hoogstens 50), "
            "bijvoorbeeld 'groningen' of 'midden-utrecht'."
        )
    elif bestaand := Leerwerkloket.objects.filter(slug=slug).first():
        fouten["slug"].append(f"De korte naam '{slug}' is al in gebruik door {bestaand.naam}; kies een andere.")
    if len(arbeidsmarktregio) > 100:
        fouten["arbeidsmarktregio"].append("De arbeidsmarktregio is langer dan 100 tekens.")
    if not gemeenten:
        fouten["gemeenten"].append("Geef de gemeenten van de regio met hun inwonertal op.")
    for veld, partnernaam in (("uwv", uwv), ("roc", roc)):
        if len(partnernaam) > 200:
            fouten[veld].append("Deze naam is langer dan 200 tekens.")
        elif partnernaam and any(g.naam.casefold() == partnernaam.casefold() for g in gemeenten):
            fouten[veld].append(f"'{partnernaam}' staat ook bij de gemeenten; kies een andere naam.")
    if uwv and roc and uwv.casefold() == roc.casefold():
        fouten["roc"].append("Het UWV en het ROC hebben dezelfde naam gekregen.")
    if not activiteiten_van:
        return None
    bron = Leerwerkloket.objects.filter(slug=activiteiten_van).first()
    if bron is None:
        fouten["activiteiten_van"].append(f"Er is geen regio met de korte naam '{activiteiten_van}'.")
        return None
    plan = Jaarplan.objects.voor_regio(bron).filter(activiteiten__isnull=False).distinct().order_by("-jaar").first()
    if plan is None:
        fouten["activiteiten_van"].append(f"{bron.naam} heeft nog geen jaarplan met activiteiten om over te nemen.")
    return plan


@transaction.atomic
def regio_aanmaken(
    *,
    naam: str,
    slug: str,
    gemeenten: Sequence[Gemeente],
    gebruikers: Sequence[GebruikerRegel] = (),
    uwv: str = "",
    roc: str = "",
    arbeidsmarktregio: str = "",
    activiteiten_van: str = "",
    basis_url: str,
    door=None,
) -> NieuweRegio:
    """Make the region, or raise a ValidationError {veld: [meldingen]} and store nothing.

    `basis_url` is the site's address for the users' links ("https://lwl.example"); `door` the
    national user who does it (None from the command line). The links are mailed after the
    transaction commits, when this installation sends mail (EMAIL_VERSTUREN)."""
    naam, slug = " ".join(naam.split()), slug.strip().lower()
    uwv, roc = " ".join(uwv.split()), " ".join(roc.split())
    arbeidsmarktregio = " ".join(arbeidsmarktregio.split()) or re.sub(r"^Leerwerkloket\s+", "", naam, flags=re.I)
    fouten: dict[str, list[str]] = {
        k: []
        for k in ("naam", "slug", "arbeidsmarktregio", "uwv", "roc", "gemeenten", "gebruikers", "activiteiten_van")
    }
    bronplan = _controleer(
        naam=naam,
        slug=slug,
        gemeenten=gemeenten,
        uwv=uwv,
        roc=roc,
        arbeidsmarktregio=arbeidsmarktregio,
        activiteiten_van=activiteiten_van.strip().lower(),
        fouten=fouten,
    )
    personen = _personen(gebruikers, fouten)
    if any(fouten.values()):
        raise ValidationError({veld: meldingen for veld, meldingen in fouten.items() if meldingen})

    regio = Leerwerkloket(naam=naam, slug=slug, arbeidsmarktregio=arbeidsmarktregio[:100])
    regio.full_clean()
    regio.save()

    for partnernaam, soort in ((uwv, Partner.Soort.UWV), (roc, Partner.Soort.ROC)):
        if partnernaam:
            _opslaan(Partner(leerwerkloket=regio, naam=partnernaam, soort=soort), door)
    groep = _opslaan(
        Partner(
            leerwerkloket=regio,
            naam=f"Gemeenten regio {arbeidsmarktregio}"[:200],
            soort=Partner.Soort.GEMEENTE,
            is_groep=True,
            notities="De gemeenten dragen samen één bijdrage; die wordt verdeeld naar inwonertal.",
        ),
        door,
    )
    vandaag = timezone.localdate()
    jaar = vandaag.year
    sleutel = _opslaan(
        Verdeelsleutel(
            groep=groep,
            jaar=jaar,
            methode=Verdeelsleutel.Methode.INWONERS,
            toelichting=f"Inwonertallen zoals opgegeven bij het aanmaken van de regio ({vandaag:%d-%m-%Y}).",
        ),
        door,
    )
    for gemeente in gemeenten:
        lid = _opslaan(
            Partner(leerwerkloket=regio, naam=gemeente.naam, soort=Partner.Soort.GEMEENTE, groep=groep), door
        )
        _opslaan(VerdeelsleutelAandeel(verdeelsleutel=sleutel, partner=lid, inwoners=gemeente.inwoners), door)

    jaarplannen = [jaarplan_aanmaken(leerwerkloket=regio, jaar=j, door=door) for j in eerste_jaren(vandaag)]
    activiteiten = 0
    for plan in jaarplannen if bronplan else ():
        activiteiten = activiteiten_overnemen(bron=bronplan, doel=plan, door=door)

    uitnodigingen = [_gebruiker_aanmaken(persoon, regio, basis_url) for persoon in personen]
    if settings.EMAIL_VERSTUREN:
        for uitnodiging in uitnodigingen:
            transaction.on_commit(lambda u=uitnodiging: uitnodiging_versturen(u.gebruiker, u.link), robust=True)
    return NieuweRegio(
        regio=regio,
        gemeenten=groep,
        verdeelsleutel=sleutel,
        jaarplan=jaarplannen[0],
        volgend_jaarplan=jaarplannen[1] if len(jaarplannen) > 1 else None,
        activiteiten=activiteiten,
        uitnodigingen=uitnodigingen,
        per_email=settings.EMAIL_VERSTUREN,
    )


def _gebruiker_aanmaken(persoon: _Persoon, regio: Leerwerkloket, basis_url: str) -> Uitnodiging:
    voornaam, _, achternaam = persoon.naam.partition(" ")
    gebruiker = Gebruiker(
        username=persoon.email.lower(),
        email=persoon.email,
        first_name=voornaam[:150],
        last_name=achternaam[:150],
        leerwerkloket=regio,
        is_staff=Rol.BEHEERDER in persoon.rollen,
    )
    # No password until the person sets one through the link.
    gebruiker.set_unusable_password()
    gebruiker.full_clean()
    gebruiker.save()
    gebruiker.groups.add(*(Group.objects.get_or_create(name=rol)[0] for rol in persoon.rollen))
    return Uitnodiging(
        gebruiker=gebruiker, rollen=persoon.rollen, link=basis_url.rstrip("/") + wachtwoordpad(gebruiker)
    )
