"""What the API answers, field by field: names in lowerCamelCase, dates as ISO 8601, amounts as
text with two decimals (decision 0062), ratios as text with four. The OpenAPI document is made
from these; every answer is validated through them."""

import datetime
from decimal import ROUND_HALF_UP, Decimal
from typing import Annotated

from ninja import Schema
from pydantic import ConfigDict, Field, PlainSerializer, WithJsonSchema
from pydantic.alias_generators import to_camel

from kern.money import round_money

VIER_DECIMALEN = Decimal("0.0001")

Bedrag = Annotated[
    Decimal,
    PlainSerializer(lambda waarde: str(round_money(waarde)), return_type=str),
    WithJsonSchema(
        {
            "type": "string",
            "format": "decimal",
            "pattern": r"^-?[0-9]+\.[0-9]{2}$",
            "description": "Bedrag in euro, exact op de cent: tekst met een punt en twee decimalen.",
            "examples": ["75000.00"],
        }
    ),
]
Verhouding = Annotated[
    Decimal,
    PlainSerializer(lambda waarde: str(Decimal(waarde).quantize(VIER_DECIMALEN, ROUND_HALF_UP)), return_type=str),
    WithJsonSchema(
        {
            "type": "string",
            "format": "decimal",
            "pattern": r"^-?[0-9]+\.[0-9]{4}$",
            "description": "Een verhouding (1.0000 is het geheel), afgerond op vier decimalen.",
            "examples": ["0.9250"],
        }
    ),
]


class ApiSchema(Schema):
    model_config = ConfigDict(alias_generator=to_camel, populate_by_name=True)


class Links(ApiSchema):
    self: str = Field(description="Dit antwoord.")
    first: str = Field(description="De eerste pagina.")
    prev: str | None = Field(None, description="De vorige pagina; leeg op de eerste.")
    next: str | None = Field(None, description="De volgende pagina; leeg op de laatste.")
    last: str = Field(description="De laatste pagina.")


class PaginaVelden(ApiSchema):
    links: Links
    aantal: int = Field(description="Het aantal resultaten over alle pagina's.")
    pagina: int
    pagina_grootte: int


# -- the resources ---------------------------------------------------------------------------
class Regio(ApiSchema):
    id: int
    naam: str
    korte_naam: str = Field(description="De korte naam, ook te gebruiken als filter `regio`.")
    arbeidsmarktregio: str


class Financier(ApiSchema):
    id: int
    regio: str = Field(description="De korte naam van de regio.")
    naam: str
    soort: str
    samenwerkingsverband: bool = Field(description="Een groep die samen financiert, zoals de gemeenten.")
    actief: bool


class ToezeggingVanAfspraak(ApiSchema):
    id: int
    jaar: int
    bedrag_geld: Bedrag
    bedrag_natura: Bedrag
    toegezegd: Bedrag
    geteld: Bedrag = Field(description="Wat meetelt voor het minimum van de afspraak.")
    gehaald: bool | None = Field(description="Het minimum is gehaald; leeg als de afspraak geen minimum heeft.")
    gefactureerd: Bedrag
    ontvangen: Bedrag
    openstaand: Bedrag


class Afspraak(ApiSchema):
    id: int
    regio: str
    naam: str
    financier: int
    financier_naam: str
    soort: str
    status: str = Field(description="concept of getekend; een concept telt (nog) niet mee in de cijfers.")
    looptoestand: str = Field(description="concept, nog_niet_begonnen, loopt, loopt_af of beeindigd (vandaag).")
    startjaar: int
    eindjaar: int | None
    minimum_per_jaar: Bedrag | None
    in_natura_telt_mee: bool
    getekend_op: datetime.date | None
    toezeggingen: list[ToezeggingVanAfspraak]


class Toezegging(ApiSchema):
    id: int
    regio: str
    afspraak: int
    afspraak_naam: str
    financier: int
    financier_naam: str
    soort: str
    jaar: int
    bedrag_geld: Bedrag
    bedrag_natura: Bedrag
    toegezegd: Bedrag
    geteld: Bedrag = Field(description="Wat meetelt voor het minimum van de afspraak.")
    gehaald: bool | None = Field(description="Het minimum is gehaald; leeg als de afspraak geen minimum heeft.")
    gefactureerd: Bedrag
    ontvangen: Bedrag
    openstaand: Bedrag


class ToezeggingTotalen(ApiSchema):
    bedrag_geld: Bedrag
    bedrag_natura: Bedrag
    toegezegd: Bedrag
    gefactureerd: Bedrag
    ontvangen: Bedrag
    openstaand: Bedrag


class Factuur(ApiSchema):
    id: int
    regio: str
    nummer: str
    toezegging: int
    financier: int
    financier_naam: str
    jaar: int
    factuurdatum: datetime.date
    vervaldatum: datetime.date
    bedrag: Bedrag
    ontvangen: Bedrag
    gecrediteerd: Bedrag
    openstaand: Bedrag
    dagen_te_laat: int | None = Field(description="Dagen na de vervaldatum terwijl er nog iets openstaat.")
    crediteert: int | None = Field(description="Bij een creditfactuur: de factuur die zij crediteert.")
    omschrijving: str


class Jaarplan(ApiSchema):
    id: int
    regio: str
    jaar: int
    status: str
    begroot: Bedrag
    gedekt: Bedrag
    ongedekt: Bedrag = Field(description="De tekorten van de activiteiten, nooit verrekend met een overschot.")
    overgedekt: Bedrag
    gerealiseerd: Bedrag
    dekkingsgraad: Verhouding | None = Field(description="Het gedekte deel van de begroting; leeg zonder begroting.")


class Indicator(ApiSchema):
    id: int
    code: str
    naam: str
    eenheid: str
    streefwaarde: int
    gerealiseerd: int
    deel: Verhouding | None = Field(description="Gerealiseerd als deel van de streefwaarde.")
    gehaald: bool


class Activiteit(ApiSchema):
    id: int
    regio: str
    jaarplan: int
    jaar: int
    code: str
    naam: str
    soort: str
    locatie: str
    begroot: Bedrag
    gedekt: Bedrag
    ongedekt: Bedrag
    overgedekt: Bedrag
    gerealiseerd: Bedrag
    indicatoren: list[Indicator]


class RegioOverzicht(ApiSchema):
    regio: str
    naam: str
    jaarplan: str | None = Field(description="De status van het jaarplan van het jaar; leeg zonder jaarplan.")
    begroot: Bedrag
    gedekt: Bedrag
    ongedekt: Bedrag
    dekkingsgraad: Verhouding | None
    cofinanciers: int
    cofinanciers_gehaald: int
    cofinanciering: Bedrag
    vereist: Bedrag = Field(description="De cofinanciering die de landelijke regel per regio vraagt.")
    aandeel_gehaald: bool


class LandelijkeTotalen(ApiSchema):
    begroot: Bedrag
    gedekt: Bedrag
    ongedekt: Bedrag
    dekkingsgraad: Verhouding | None
    cofinanciers: int
    cofinanciers_gehaald: int
    cofinanciering: Bedrag


# -- the pages of a list ---------------------------------------------------------------------
class RegioPagina(PaginaVelden):
    resultaten: list[Regio]


class FinancierPagina(PaginaVelden):
    resultaten: list[Financier]


class AfspraakPagina(PaginaVelden):
    resultaten: list[Afspraak]


class ToezeggingPagina(PaginaVelden):
    totalen: ToezeggingTotalen = Field(description="De sommen over alle resultaten (alle pagina's).")
    resultaten: list[Toezegging]


class FactuurPagina(PaginaVelden):
    resultaten: list[Factuur]


class JaarplanPagina(PaginaVelden):
    resultaten: list[Jaarplan]


class ActiviteitPagina(PaginaVelden):
    resultaten: list[Activiteit]


class LandelijkOverzicht(PaginaVelden):
    jaar: int
    totalen: LandelijkeTotalen
    resultaten: list[RegioOverzicht]


class OngeldigeParameter(ApiSchema):
    name: str = Field(description="De parameter, zoals in het adres.")
    code: str
    reason: str = Field(description="Wat er niet klopt, in het Nederlands.")


class Probleem(ApiSchema):
    """RFC 9457."""

    title: str
    status: int
    detail: str
    instance: str
    invalid_params: list[OngeldigeParameter] | None = None
