from django.shortcuts import render


def geen_toegang(request, exception=None):
    return render(request, "403.html", status=403)


def niet_gevonden(request, exception=None):
    return render(request, "404.html", status=404)
