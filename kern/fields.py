from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from .money import format_euro

MAX_BEDRAG = Decimal("999999999.99")


class MoneyField(models.DecimalField):
    """Euros with cents. Refuses negative amounts unless `negatief_toegestaan`, and absurd sizes."""

    def __init__(self, *args, negatief_toegestaan: bool = False, **kwargs):
        kwargs.setdefault("max_digits", 14)
        kwargs.setdefault("decimal_places", 2)
        self.negatief_toegestaan = negatief_toegestaan
        validators = list(kwargs.pop("validators", []))
        validators.append(
            MaxValueValidator(MAX_BEDRAG, message=f"Dit bedrag is te groot; het maximum is {format_euro(MAX_BEDRAG)}.")
        )
        if negatief_toegestaan:
            validators.append(
                MinValueValidator(
                    -MAX_BEDRAG, message=f"Dit bedrag is te klein; het minimum is {format_euro(-MAX_BEDRAG)}."
                )
            )
        else:
            validators.append(MinValueValidator(Decimal("0"), message="Een bedrag kan hier niet negatief zijn."))
        kwargs["validators"] = validators
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs.pop("validators", None)
        if kwargs.get("max_digits") == 14:
            kwargs.pop("max_digits")
        if kwargs.get("decimal_places") == 2:
            kwargs.pop("decimal_places")
        if self.negatief_toegestaan:
            kwargs["negatief_toegestaan"] = True
        return name, path, args, kwargs
