from partners.roles import rollen_van


def navigatie(request):
    gebruiker = getattr(request, "user", None)
    if gebruiker is None or not gebruiker.is_authenticated:
        return {}
    return {"mijn_rollen": rollen_van(gebruiker)}
