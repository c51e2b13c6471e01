"""Paris Soir (parissoir.fr): French; sections such as /Politique/.

Its zone is its country's; its signature code is not known, so any is read.
"""

from newsscraper.sites._network import sister

SITE = sister("parissoir", "Paris Soir", "www.parissoir.fr", ("fr",), "Europe/Paris")
