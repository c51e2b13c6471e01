"""Globo Madrid (globomadrid.es): Spanish; sections such as /Politica/.

Its zone is its country's; its signature code is not known, so any is read.
"""

from newsscraper.sites._network import sister

SITE = sister("globomadrid", "Globo Madrid", "www.globomadrid.es", ("es",), "Europe/Madrid")
