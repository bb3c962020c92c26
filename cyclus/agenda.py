"""A user's deadlines as an iCalendar feed (RFC 5545), for Outlook and other agenda programs:
one all-day event per calendar item on its date, written by hand (a few lines, no library)."""

import datetime

from django.urls import reverse
from django.utils import timezone


def url_van(koppeling) -> str:
    return reverse("cyclus:agenda_feed", args=[koppeling.token])


def _tekst(waarde: str) -> str:
    return waarde.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def _vouwen(regel: str) -> str:
    """Lines of at most 75 octets, continued with a space (RFC 5545, 3.1)."""
    delen, huidig = [], ""
    for teken in regel:
        if len((huidig + teken).encode()) > 74:
            delen.append(huidig)
            huidig = " "
        huidig += teken
    delen.append(huidig)
    return "\r\n".join(delen)


def ical(items, *, basis: str, gebruiker) -> str:
    gemaakt = timezone.now().astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")
    regels = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Leerwerkloket Financiering//Jaarcyclus//NL",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        "X-WR-CALNAME:"
        + _tekst(f"Leerwerkloket: te doen voor {gebruiker.get_full_name() or gebruiker.get_username()}"),
    ]
    for item in items:
        uid = "-".join(item.sleutel).replace(":", "-") + f"@{gebruiker.leerwerkloket_id}.leerwerkloket"
        regels += [
            "BEGIN:VEVENT",
            f"UID:{uid}",
            f"DTSTAMP:{gemaakt}",
            f"DTSTART;VALUE=DATE:{item.datum:%Y%m%d}",
            f"DTEND;VALUE=DATE:{item.datum + datetime.timedelta(days=1):%Y%m%d}",
            f"SUMMARY:{_tekst(item.titel)}",
            f"DESCRIPTION:{_tekst((item.toelichting + ' ' if item.toelichting else '') + basis + item.url)}",
            f"URL:{basis}{item.url}",
            "TRANSP:TRANSPARENT",
            "END:VEVENT",
        ]
    regels.append("END:VCALENDAR")
    return "\r\n".join(_vouwen(r) for r in regels) + "\r\n"
