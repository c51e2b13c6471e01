"""Stockholms Dagblad (stockholmsdagblad.se): Swedish; dates such as `30 november 2024 kl. 07.41`.

Its zone is its country's; its signature code is not known, so any is read.
"""

from newsscraper.sites._network import sister

SITE = sister(
    "stockholmsdagblad",
    "Stockholms Dagblad",
    "www.stockholmsdagblad.se",
    ("sv",),
    "Europe/Stockholm",
)
