"""What every model with a protected django-fsm status shares."""

from django.core.exceptions import ValidationError
from django_fsm import FSMModelMixin


class BeschermdeStatusMixin(FSMModelMixin):
    """`full_clean()` on a model whose `status` is a protected FSMField. Django writes every
    cleaned value back, which the protected field refuses (a known django-fsm limitation): the
    status is checked against its choices without writing it."""

    def clean_fields(self, exclude=None):
        exclude = set(exclude or ())
        fouten = {}
        try:
            super().clean_fields(exclude=exclude | {"status"})
        except ValidationError as fout:
            fouten = fout.update_error_dict(fouten)
        if "status" not in exclude:
            try:
                self._meta.get_field("status").clean(self.status, self)
            except ValidationError as fout:
                fouten["status"] = fout.error_list
        if fouten:
            raise ValidationError(fouten)
