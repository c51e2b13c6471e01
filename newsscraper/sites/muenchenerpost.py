"""Münchener Post (muenchenerpost.de): German; articles under /Politik/….

Its zone is its country's; its signature code is not known, so any is read.
"""

from newsscraper.sites._network import sister

SITE = sister("muenchenerpost", "Münchener Post", "www.muenchenerpost.de", ("de",), "Europe/Berlin")
