"""django-tables2 asks `inspect.signature` of a cell's render or value method for every cell it
shows (`django_tables2.utils.call_with_appropriate`): a fifth of a list page's time at 50 rows
(issue 26). The answer depends only on the function, so it is remembered per function here; a
bound method is remembered by its function (a new bound method is made on every attribute access)
and gives the same answer, `self` left out. Anything else (a partial, a class) is asked each time,
as before. Installed once from kern's AppConfig.ready (decision 0068)."""

import functools

from django_tables2 import utils

_vragen = utils.signature


@functools.lru_cache(maxsize=1024)
def _van_functie(functie, gebonden: bool):
    if gebonden:
        # The bound method's signature is the function's without its first argument (self).
        argumenten, rest = _vragen(functie)
        return argumenten[1:], rest
    return _vragen(functie)


def signature(fn):
    functie = getattr(fn, "__func__", None)
    if functie is not None and getattr(fn, "__self__", None) is not None:
        return _van_functie(functie, True)
    if isinstance(fn, type(signature)):
        return _van_functie(fn, False)
    return _vragen(fn)


def installeren() -> None:
    utils.signature = signature
