"""How a view says who may use it: a check `(user) -> bool` from an app's permissions.py.

Anonymous visitors go to the login page; a signed-in user who fails the check gets
PermissionDenied, which `handler403` turns into the Dutch "Geen toegang" page."""

from collections.abc import Callable
from functools import wraps

from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied

Check = Callable[..., bool]


def ingelogd(gebruiker) -> bool:
    return gebruiker.is_authenticated


def is_beheerder(gebruiker) -> bool:
    # The Django admin's own gate, so the way in shows exactly to those the admin lets in.
    return gebruiker.is_authenticated and gebruiker.is_staff


def vereist(check: Check):
    """Decorator for function views: `@vereist(can_edit_partners)`."""

    def decorator(view):
        @wraps(view)
        @login_required
        def wrapper(request, *args, **kwargs):
            if not check(request.user):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


class VereistMixin(LoginRequiredMixin):
    """For class views: `toegang = can_view_partners` (a plain function, called with the user)."""

    toegang: Check = ingelogd

    def dispatch(self, request, *args, **kwargs):
        # Looked up on the class, so the function is not bound as a method.
        if request.user.is_authenticated and not type(self).toegang(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)
