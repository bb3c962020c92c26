"""The demo's calendar data (invented, like the second period): the stuurgroep meets four times
a year, the cofinanciering is invoiced on its schedule (two halves a year in the first period, per
quarter from 2022, as the demo's invoices are made), and SZW's verantwoording is due on 1 July of
the year after; every verantwoording whose deadline has passed was submitted a fortnight before it."""

import datetime

from cyclus.models import Factuurschema, Stuurgroepvergadering, Verantwoording, Verantwoordingstermijn
from financiering.models import Financieringsafspraak

VERGADERDAGEN = ((3, 12), (6, 11), (9, 24), (12, 10))  # (month, day)
SCHEMA_EERSTE_PERIODE = "01-02, 01-07"
SCHEMA_VANAF_2022 = "15-01, 15-04, 15-07, 15-10"
VERANTWOORDING_SZW = (7, 1)  # (month, day) in the year after


def load_cyclus(regio, vandaag: datetime.date, door) -> None:
    for jaar in range(2017, vandaag.year + 2):
        for maand, dag in VERGADERDAGEN:
            vergadering = Stuurgroepvergadering(leerwerkloket=regio, datum=datetime.date(jaar, maand, dag))
            vergadering.full_clean()
            vergadering.save()
    afspraken = Financieringsafspraak.objects.voor_regio(regio).filter(status=Financieringsafspraak.Status.GETEKEND)
    for afspraak in afspraken.filter(soort=Financieringsafspraak.Soort.COFINANCIERING):
        schema = Factuurschema(
            afspraak=afspraak, momenten=SCHEMA_EERSTE_PERIODE if afspraak.startjaar < 2022 else SCHEMA_VANAF_2022
        )
        schema.full_clean()
        schema.save()
    for afspraak in afspraken.filter(soort=Financieringsafspraak.Soort.STRUCTURELE_SUBSIDIE):
        termijn = Verantwoordingstermijn(afspraak=afspraak, maand=VERANTWOORDING_SZW[0], dag=VERANTWOORDING_SZW[1])
        termijn.full_clean()
        termijn.save()
        for jaar in range(afspraak.startjaar, vandaag.year):
            uiterlijk = termijn.uiterlijk(jaar)
            if uiterlijk < vandaag:
                Verantwoording.objects.create(
                    afspraak=afspraak,
                    jaar=jaar,
                    ingediend_op=uiterlijk - datetime.timedelta(days=14),
                    vastgelegd_door=door,
                )
