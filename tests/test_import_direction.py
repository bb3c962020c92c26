"""Imports point one way, kern at the bottom: each app imports only itself and the apps below it,
so each can be read without the ones above. A ForeignKey may still name an app above it by
string ("partners.Leerwerkloket"); that is not an import."""

import ast
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# From the bottom up. config puts the site together from every app; demo fills it with data and
# is imported by nothing but tests and benchmarks.
LAYERS = ["kern", "partners", "financiering", "jaarplan", "rapportage", "regios", "config", "demo"]
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
        elif isinstance(node, ast.Call) and node.args:
            name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
            argument = node.args[0]
            if name in IMPORTING_CALLS and isinstance(argument, ast.Constant) and isinstance(argument.value, str):
                yield node.lineno, argument.value


def wrong_way(path: Path, source: str) -> list[str]:
    """What `path` (a file of one of the LAYERS) imports from a layer above its own."""
    layer = path.relative_to(ROOT).parts[0]
    allowed = LAYERS[: LAYERS.index(layer) + 1]
    return [
        f"{path.relative_to(ROOT)}:{line} imports {module}; {layer} may import only {', '.join(allowed)}"
        for line, module in imports_of(source)
        if module.split(".")[0] in LAYERS and module.split(".")[0] not in allowed
    ]


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
