"""Screenshots for the README: made by the browser tests, kept in docs/screenshots/ only when asked
(`make schermafdrukken`), so an ordinary test run leaves the checkout as it was."""

import os
import tempfile
from pathlib import Path

DOCS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


def schermafdruk(page, naam: str) -> Path:
    """The whole page as `naam`; in docs/screenshots/ when SCHERMAFDRUKKEN is set, else in a temporary folder."""
    map_ = DOCS if os.environ.get("SCHERMAFDRUKKEN") else Path(tempfile.gettempdir()) / "lwl-schermafdrukken"
    map_.mkdir(parents=True, exist_ok=True)
    pad = map_ / naam
    page.screenshot(path=str(pad), full_page=True)
    assert pad.stat().st_size > 0, pad
    return pad
