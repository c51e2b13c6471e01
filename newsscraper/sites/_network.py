"""What the sister sites of the Portugal Colonial network share: one CMS, one way to
write a profile. Not a site (the leading ``_`` keeps it out of ``all_sites()``)."""

from __future__ import annotations

from newsscraper.sites import COMMON_SELECTORS, SiteProfile

#: The network's CMS, in all its templates so far (classic, 2025 redesign, legacy tables,
#: WordPress-like microdata) is read well by the common rules; a site whose template
#: needs more gets its own ``Selectors`` in its profile.
NETWORK_SELECTORS = COMMON_SELECTORS


def sister(
    name: str,
    title: str,
    domain: str,
    languages: tuple[str, ...],
    timezone: str,
    code: str | None = None,
) -> SiteProfile:
    """A sister site: ``title`` is what its ``<title>`` prints before `` - <headline>``;
    the first language is the one its pages default to; ``code`` None reads any
    two-to-four-letter signature code (``A.Name--XY``)."""
    return SiteProfile(
        name=name,
        title=title,
        code=code,
        base_url=f"https://{domain}",
        default_language=languages[0],
        languages=languages,
        timezone=timezone,
        selectors=NETWORK_SELECTORS,
    )
