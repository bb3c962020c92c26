"""Imports point one way, kern at the bottom: each app imports only itself and the apps below it,
so each can be read without the ones above. A ForeignKey may still name an app above it by
string ("partners.Leerwerkloket"); that is not an import."""

import ast
from collections.abc import Iterator
from pathlib import Path

from django.apps import apps

ROOT = Path(__file__).resolve().parent.parent

# From the bottom up. api reads what the pages read (rapportage's national overview included);
# config puts the site together from every app; demo fills it with data and is imported by
# nothing but tests and benchmarks.
LAYERS = [
    "kern",
    "partners",
    "financiering",
    "jaarplan",
    "rapportage",
    "exports",
    "cyclus",
    "regios",
    "api",
    "config",
    "demo",
]
# Calls that import the module named by their first argument.
IMPORTING_CALLS = {"import_string", "import_module"}


def imports_of(source: str) -> Iterator[tuple[int, str]]:
    """(line, module) for every absolute import in `source`, also inside functions, and every
    module named as a constant to import_string() or import_module()."""
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom) and node.level == 0:  # a relative import stays in its app
            yield node.lineno, node.module
            # `from jaarplan import importeren` imports the module jaarplan.importeren too.
            for alias in node.names:
                yield node.lineno, f"{node.module}.{alias.name}"
        elif isinstance(node, ast.Call) and node.args:
            name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
            argument = node.args[0]
            if name in IMPORTING_CALLS and isinstance(argument, ast.Constant) and isinstance(argument.value, str):
                yield node.lineno, argument.value


def wrong_way(path: Path, source: str) -> list[str]:
    """What `path` (a file of one of the LAYERS) imports from a layer above its own."""
    layer = path.relative_to(ROOT).parts[0]
    allowed = LAYERS[: LAYERS.index(layer) + 1]
    return once_per_line(
        (
            line,
            "layer",
            f"{path.relative_to(ROOT)}:{line} imports {module}; {layer} may import only {', '.join(allowed)}",
        )
        for line, module in imports_of(source)
        if module.split(".")[0] in LAYERS and module.split(".")[0] not in allowed
    )


def once_per_line(hits) -> list[str]:
    """The first message of each (line, kind) of `hits`, (line, kind, message) triples: `from a
    import b` is both module a and module a.b, and is one import to name."""
    seen, messages = set(), []
    for line, kind, message in hits:
        if (line, kind) not in seen:
            seen.add((line, kind))
            messages.append(message)
    return messages


def test_every_app_imports_only_the_apps_below_it():
    wrong = [
        message
        for layer in LAYERS
        for path in sorted((ROOT / layer).rglob("*.py"))
        for message in wrong_way(path, path.read_text(encoding="utf-8"))
    ]

    assert wrong == [], "Imports against the direction of the layers:\n" + "\n".join(wrong)


def test_every_app_has_its_place_in_the_layers():
    apps = {path.parent.name for path in ROOT.glob("*/apps.py")}

    assert apps == set(LAYERS) - {"config"}


def test_a_wrong_way_import_is_named_with_its_module_and_line():
    source = (
        "from django.db import models\n"
        "from kern.money import round_money\n"
        "from . import selectors\n"
        "def menu():\n"
        "    import jaarplan.models\n"
        "    return import_string('rapportage.dashboard.permissions.can_view_dashboard')\n"
        "leerwerkloket = models.ForeignKey('partners.Leerwerkloket', on_delete=models.CASCADE)\n"
    )

    assert wrong_way(ROOT / "partners" / "voorbeeld.py", source) == [
        "partners/voorbeeld.py:5 imports jaarplan.models; partners may import only kern, partners",
        "partners/voorbeeld.py:6 imports rapportage.dashboard.permissions.can_view_dashboard; "
        "partners may import only kern, partners",
    ]


# -- The importers live with the rows they write (issue 22) ------------------------------------
# The ledger import writes jaarplan's Kostenrealisatie, the bank import financiering's Betaling;
# the file and cell readers are kern's, for every app that reads a file.
IMPORTERS = {"jaarplan.importeren": "jaarplan", "financiering.bankimport": "financiering"}
FILE_READERS = ("kern.bestanden", "kern.cellen")
# What an app may use of the importers from outside: nothing of their internals. The demo and
# the region set-up go through services (jaarplan.services) and the file reader (kern).
NO_IMPORTER_INTERNALS = ("rapportage", "regios", "api", "demo")
# The read side reads the database, not files.
READS_NO_FILES = ("rapportage", "api")


def _is_under(module: str, package: str) -> bool:
    return module == package or module.startswith(package + ".")


def importer_trespasses(path: Path, source: str) -> list[str]:
    """What `path` imports that its layer may not use of the importers: their internals (for
    rapportage, regios and demo) and, for the read side, the file readers."""
    layer = path.relative_to(ROOT).parts[0]
    wrong = []
    for line, module in imports_of(source):
        if layer in NO_IMPORTER_INTERNALS and any(_is_under(module, importer) for importer in IMPORTERS):
            wrong.append(
                (line, "internals", f"{path.relative_to(ROOT)}:{line} imports {module}, an importer's internals")
            )
        if layer in READS_NO_FILES and any(_is_under(module, reader) for reader in FILE_READERS):
            wrong.append(
                (line, "files", f"{path.relative_to(ROOT)}:{line} imports {module}; the read side reads no files")
            )
    return once_per_line(wrong)


def test_rapportage_regios_and_demo_use_no_importer_internals_and_the_read_side_reads_no_files():
    wrong = [
        message
        for layer in NO_IMPORTER_INTERNALS
        for path in sorted((ROOT / layer).rglob("*.py"))
        for message in importer_trespasses(path, path.read_text(encoding="utf-8"))
    ]

    assert wrong == [], "Importer code used where it does not belong:\n" + "\n".join(wrong)


def test_the_importers_live_in_the_app_whose_rows_they_write_and_not_in_rapportage():
    for package, app in IMPORTERS.items():
        assert (ROOT / Path(*package.split("."))).is_dir(), f"{package} is missing"
        assert package.split(".")[0] == app
    for reader in FILE_READERS:
        assert (ROOT / Path(*reader.split("."))).with_suffix(".py").is_file(), f"{reader} is missing"
    in_rapportage = sorted(
        str(path.relative_to(ROOT))
        for path in (ROOT / "rapportage").rglob("*.py")
        if "import" in path.stem and "migrations" not in path.parts
    )
    assert in_rapportage == [], "An importer lives in rapportage again: " + ", ".join(in_rapportage)
    rapportage_models = {model._meta.object_name for model in apps.get_app_config("rapportage").get_models()}
    assert rapportage_models == {"Stuurgroeprapport"}, "rapportage keeps only its laid-down reports"


def test_a_trespass_on_the_importers_is_named_with_its_module_and_line():
    source = (
        "from jaarplan.services import kostenplaatskoppelingen_opslaan\n"
        "from jaarplan.importeren.realisatie import import_doorvoeren\n"
        "from kern.bestanden import lees_cellen\n"
        "import financiering.bankimport.bank\n"
        "from jaarplan import importeren\n"
    )

    assert importer_trespasses(ROOT / "demo" / "voorbeeld.py", source) == [
        "demo/voorbeeld.py:2 imports jaarplan.importeren.realisatie, an importer's internals",
        "demo/voorbeeld.py:4 imports financiering.bankimport.bank, an importer's internals",
        "demo/voorbeeld.py:5 imports jaarplan.importeren, an importer's internals",
    ]
    assert importer_trespasses(ROOT / "rapportage" / "voorbeeld.py", source) == [
        "rapportage/voorbeeld.py:2 imports jaarplan.importeren.realisatie, an importer's internals",
        "rapportage/voorbeeld.py:3 imports kern.bestanden; the read side reads no files",
        "rapportage/voorbeeld.py:4 imports financiering.bankimport.bank, an importer's internals",
        "rapportage/voorbeeld.py:5 imports jaarplan.importeren, an importer's internals",
    ]
    assert importer_trespasses(ROOT / "regios" / "voorbeeld.py", source)[0].startswith("regios/voorbeeld.py:2 ")
