"""Who may make API keys: everyone who reads a region's figures (their own; the national role
every region's). A key reads what its user reads, never more (api.v1 scopes every query through
the user)."""

from partners.roles import ALLE_REGIOS, EIGEN_REGIO, leest_regio


def can_use_api(gebruiker) -> bool:
    return leest_regio(gebruiker, EIGEN_REGIO) or leest_regio(gebruiker, ALLE_REGIOS)


def can_read_landelijk(gebruiker) -> bool:
    """Every region side by side: the national role only, as the national dashboard."""
    return leest_regio(gebruiker, ALLE_REGIOS)
