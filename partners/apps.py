from django.apps import AppConfig
from django.db.models.signals import post_migrate


def zorg_voor_rollen(sender, **kwargs):
    """Every role exists as a group after migrate; the beheerder may manage every model of ours
    in the admin (the models' own rules still apply there)."""
    from django.contrib.auth.models import Group, Permission

    from .roles import Rol

    for rol in Rol:
        Group.objects.get_or_create(name=rol.value)
    beheerder = Group.objects.get(name=Rol.BEHEERDER)
    eigen = Permission.objects.filter(
        content_type__app_label__in=["partners", "financiering", "jaarplan", "rapportage", "cyclus"]
    )
    beheerder.permissions.add(*eigen)


class PartnersConfig(AppConfig):
    name = "partners"
    verbose_name = "Partners en regio's"

    def ready(self):
        from . import audit  # noqa: F401 (connects the receivers that write the audit trail)

        # Without a sender: the permissions of apps migrated after this one must exist first.
        post_migrate.connect(zorg_voor_rollen, dispatch_uid="partners.zorg_voor_rollen")
