"""Dutch singular and plural: one helper for Python messages and the template filters
`aantal` and `meervoud` (kern/templatetags/tekst.py), so no page says "1 regio's"."""


def meervoud(n, vormen: str) -> str:
    """The form of a word for `n`: `vormen` is "enkelvoud,meervoud" ("regio,regio's",
    "heeft,hebben"); one (and minus one) takes the singular, every other number the plural."""
    enkelvoud, _, meer = vormen.partition(",")
    try:
        een = abs(int(n)) == 1
    except (TypeError, ValueError):
        een = False
    return enkelvoud if een else (meer or enkelvoud)


def aantal(n, vormen: str) -> str:
    """`n` and the word in its form: aantal(1, "factuur,facturen") -> "1 factuur"."""
    return f"{n} {meervoud(n, vormen)}"
