from tests.jaarplan.kostenplaatsen import jaarplan_2018  # noqa: F401  (the audit trail records an import into it)
