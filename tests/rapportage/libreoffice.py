"""Recalculating a workbook the way a finance person's spreadsheet does: LibreOffice, headless."""

import os
import shutil
import subprocess
from pathlib import Path

import openpyxl
import pytest


def soffice() -> str:
    pad = shutil.which("soffice") or shutil.which("libreoffice")
    if pad is None:
        if os.environ.get("REQUIRE_LIBREOFFICE"):
            pytest.fail("LibreOffice is vereist (REQUIRE_LIBREOFFICE) maar niet geïnstalleerd: make systeem")
        pytest.skip("LibreOffice is niet geïnstalleerd (make systeem installeert het)")
    return pad


def omgezet(pad: Path, werkmap: Path, naar: str) -> Path:
    """`pad` opened by LibreOffice and saved as `naar` (xlsx, xls, ...): recalculated on the way."""
    uit = werkmap / f"omgezet-{naar}"
    profiel = werkmap / "lo-profiel"
    subprocess.run(
        [
            soffice(),
            f"-env:UserInstallation=file://{profiel}",
            "--headless",
            "--calc",
            "--convert-to",
            naar,
            "--outdir",
            str(uit),
            str(pad),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    return uit / f"{pad.stem}.{naar}"


def herberekend(pad: Path, werkmap: Path):
    """`pad` opened, recalculated and saved by LibreOffice, read back with the computed values."""
    return openpyxl.load_workbook(omgezet(pad, werkmap, "xlsx"), data_only=True)
