from django.core.paginator import Paginator
from django.shortcuts import render
from django_filters.views import FilterView
from django_tables2 import SingleTableMixin

from .permissions import VereistMixin


def geen_toegang(request, exception=None):
    return render(request, "403.html", status=403)


def niet_gevonden(request, exception=None):
    return render(request, "404.html", status=404)


def csrf_mislukt(request, reason=""):
    """A form sent without a valid security token: mostly a page left open past the session."""
    return render(request, "csrf.html", status=403)


class BegrensdePaginator(Paginator):
    """Pages of at least one and at most `max_per_page` rows, whatever `?per_page=` asks: a
    negative or enormous number would otherwise reach the database, or render every row."""

    max_per_page = 200

    def __init__(self, object_list, per_page, *args, **kwargs):
        super().__init__(object_list, min(max(int(per_page), 1), self.max_per_page), *args, **kwargs)


class RegioLijst(VereistMixin, SingleTableMixin, FilterView):
    """A list page of one region's rows: a FilterSet, a table, and the same rows as Excel and CSV
    (rapportage.exporteren.lijsten reuses the view). `toegang` says who may read it."""

    paginator_class = BegrensdePaginator

    def get_table_kwargs(self):
        # The region column only helps the national reader, who sees every region.
        return {} if self.request.user.leest_alle_regios else {"exclude": ["leerwerkloket"]}
