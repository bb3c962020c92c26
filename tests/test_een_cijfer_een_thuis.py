"""A figure on one object has one home: the QuerySet method or the method of the model that owns
it (FactuurQuerySet.met_ontvangen for openstaand and dagen_te_laat, Toezegging.nog_te_factureren,
met_toewijzing for vrij, ToezeggingQuerySet.met_betaaltermijn, ...). Code anywhere else that
does arithmetic on a figure (+ - * / of it, or a Sum() of it) writes it a second time, which is
a bug even when the numbers agree today. This test reads the source (as the import-direction
test does) and names every such place; the few that are no second definition are listed below,
each with its reason."""

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
APPS = ["kern", "partners", "financiering", "jaarplan", "rapportage", "regios", "api", "config", "demo"]

# The figures that have their home on a model; their names, wherever they appear.
FIGUREN = {
    "openstaand",
    "nog_te_factureren",
    "vrij",
    "niet_toegewezen",
    "dagen_te_laat",
    "leeftijd",
    "gecrediteerd",
    "betaaltermijn",
    "betaaldagen",
    "betaalde_facturen",
}
REKENEN = (ast.Add, ast.Sub, ast.Mult, ast.Div, ast.FloorDiv, ast.Mod)
OPTELLEN = {"Sum", "Avg", "som", "bedrag_som", "bedrag_som_per", "aantal_subquery", "opgeteld"}

# (file, function) -> why it is no second definition of the figure.
TOEGESTAAN = {
    ("jaarplan/services.py", "jaarplan_kopieren"): (
        "a running balance while the copy allocates, started from met_toewijzing's vrij in the same transaction"
    ),
    ("jaarplan/selectors.py", "_matrixtotalen"): (
        "the total of the year's toezeggingen' vrij, each read from met_toewijzing: a total, not a definition"
    ),
    ("rapportage/dashboard/selectors/geld.py", "geldstroom"): (
        "the total of what is open on other years' overdue invoices, each read from met_ontvangen: a total"
    ),
    ("demo/synth.py", "_Regio.dekking"): "makes data: a running balance of the toezegging while it allocates",
    ("demo/twente.py", "dekking_van"): "makes data: what the demo leaves unallocated on purpose, before it exists",
}


def _noemt_figuur(node) -> str | None:
    """The figure `node` reads directly: a name, an attribute, rij["openstaand"], vrij[pk], F("vrij")."""
    if isinstance(node, ast.Name) and node.id in FIGUREN:
        return node.id
    if isinstance(node, ast.Attribute) and node.attr in FIGUREN:
        return node.attr
    if isinstance(node, ast.Subscript):
        if isinstance(node.slice, ast.Constant) and node.slice.value in FIGUREN:
            return node.slice.value
        return _noemt_figuur(node.value)
    if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "F" and node.args:
        return _constante(node.args[0])
    if isinstance(node, ast.UnaryOp):
        return _noemt_figuur(node.operand)
    return None


def _constante(node) -> str | None:
    if isinstance(node, ast.Constant) and node.value in FIGUREN:
        return node.value
    return None


def _functies(boom) -> dict[ast.AST, str]:
    """Each node -> the qualified name of the function or class around it."""
    plek: dict[ast.AST, str] = {}

    def loop(node, naam):
        for kind in ast.iter_child_nodes(node):
            eigen = naam
            if isinstance(kind, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
                eigen = f"{naam}.{kind.name}" if naam else kind.name
            plek[kind] = eigen
            loop(kind, eigen)

    loop(boom, "")
    return plek


def rekenen_met_figuren(pad: Path, bron: str) -> list[tuple[int, str, str]]:
    """(line, function, figure) for every + - * / on a figure and every sum of one in `bron`."""
    boom = ast.parse(bron)
    plek = _functies(boom)
    gevonden = []
    for node in ast.walk(boom):
        figuur = None
        if isinstance(node, ast.BinOp) and isinstance(node.op, REKENEN):
            figuur = _noemt_figuur(node.left) or _noemt_figuur(node.right)
        elif isinstance(node, ast.AugAssign) and isinstance(node.op, REKENEN):
            figuur = _noemt_figuur(node.target) or _noemt_figuur(node.value)
        elif isinstance(node, ast.Call):
            naam = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
            if naam in OPTELLEN:
                figuur = next(
                    (f for a in node.args if (f := _constante(a) or _noemt_figuur(a))),
                    None,
                )
        if figuur:
            gevonden.append((node.lineno, plek.get(node, ""), figuur))
    return gevonden


def _is_thuis(pad: Path, functie: str) -> bool:
    """A model's QuerySet and methods live in an app's models.py: there a figure is defined."""
    return pad.name == "models.py"


def test_no_code_outside_a_models_queryset_or_methods_computes_a_figure():
    fout = []
    gebruikt = set()
    for app in APPS:
        for pad in sorted((ROOT / app).rglob("*.py")):
            relatief = pad.relative_to(ROOT).as_posix()
            if "/migrations/" in relatief:
                continue
            for regel, functie, figuur in rekenen_met_figuren(pad, pad.read_text(encoding="utf-8")):
                if _is_thuis(pad, functie):
                    continue
                if (relatief, functie) in TOEGESTAAN:
                    gebruikt.add((relatief, functie))
                    continue
                fout.append(f"{relatief}:{regel} ({functie}) computes '{figuur}'; read it from its model's method")
    assert fout == [], "Figures computed outside their home:\n" + "\n".join(fout)
    assert set(TOEGESTAAN) - gebruikt == set(), "Allowed places that no longer compute a figure"


# The browser: the dekking editor recomputes what is typed before it is saved.
JS_TOEGESTAAN = {
    "static/js/matrix.js": "adds up the amounts being typed before they are saved: a preview, not a stored figure",
}
JS_REKENEN = re.compile(rf"\b({'|'.join(sorted(FIGUREN))})\b\s*[-+*/]=?|[-+*/]=?\s*\b({'|'.join(sorted(FIGUREN))})\b")


def test_no_template_or_script_computes_a_figure():
    fout = []
    for pad in sorted([*(ROOT / "static" / "js").glob("*.js"), *(ROOT / "templates").rglob("*.html")]):
        relatief = pad.relative_to(ROOT).as_posix()
        tekst = pad.read_text(encoding="utf-8")
        if pad.suffix == ".html":
            # Django templates cannot do arithmetic but with |add; a comparison of two figures
            # (gerealiseerd >= streefwaarde) is the model's method too.
            treffers = re.findall(rf"\b({'|'.join(sorted(FIGUREN))})\|add\b", tekst)
            treffers += re.findall(r"gerealiseerd\s*>=?\s*\w+\.streefwaarde", tekst)
        else:
            treffers = JS_REKENEN.findall(tekst)
        if treffers and relatief not in JS_TOEGESTAAN:
            fout.append(f"{relatief} computes {treffers}")
    assert fout == []


def test_the_check_finds_what_it_should(tmp_path):
    """The scanner itself: a second definition is found, a read is not."""
    bron = (
        "def a(f, op):\n"
        "    return f.bedrag - f.ontvangen - f.gecrediteerd\n"
        "def b(rij):\n"
        "    return rij['openstaand'] * 2\n"
        "def c(qs):\n"
        "    return qs.aggregate(x=Sum('vrij'))\n"
        "def d(f):\n"
        "    return f.openstaand\n"
    )
    assert [(r[1], r[2]) for r in rekenen_met_figuren(tmp_path / "x.py", bron)] == [
        ("a", "gecrediteerd"),
        ("b", "openstaand"),
        ("c", "vrij"),
    ]
