"""Giornale Roma (giornaleroma.it): Italian; sections such as /NotizieTop/.

Its zone is its country's; its signature code is not known, so any is read.
"""

from newsscraper.sites._network import sister

SITE = sister("giornaleroma", "Giornale Roma", "www.giornaleroma.it", ("it",), "Europe/Rome")
