"""The bank page; config/urls.py puts it under /import/ beside the ledger import."""

from django.urls import path

from . import views

urlpatterns = [
    path("bank/", views.bank, name="bank"),
    path("bank/<int:pk>/boeken/", views.bank_boeken, name="bank_boeken"),
    path("bank/<int:pk>/verdelen/", views.bank_verdelen, name="bank_verdelen"),
    path("bank/<int:pk>/negeren/", views.bank_negeren, name="bank_negeren"),
    path("bank/<int:pk>/heropenen/", views.bank_heropenen, name="bank_heropenen"),
]
