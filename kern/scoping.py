"""One helper scopes every query to the reader's region."""

from django.db import models


class RegioQuerySet(models.QuerySet):
    """QuerySet of rows that belong to a Leerwerkloket, directly or through `regio_pad`."""

    regio_pad = "leerwerkloket"

    def voor_regio(self, leerwerkloket):
        return self.filter(**{self.regio_pad: leerwerkloket})

    def voor_gebruiker(self, gebruiker):
        """What `gebruiker` may read: their own region; every region for the national role."""
        if gebruiker is None or not gebruiker.is_authenticated:
            return self.none()
        if gebruiker.leest_alle_regios:
            return self.all()
        if gebruiker.leerwerkloket_id is None:
            return self.none()
        return self.filter(**{self.regio_pad: gebruiker.leerwerkloket_id})
