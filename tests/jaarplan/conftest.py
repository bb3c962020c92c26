from tests.jaarplan.kostenplaatsen import jaarplan_2018  # noqa: F401  (the import tests' jaarplan)
