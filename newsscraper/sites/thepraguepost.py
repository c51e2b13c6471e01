"""The Prague Post (thepraguepost.cz): Czech, under English section names (/Politics/).

Its zone is its country's; its signature code is not known, so any is read.
"""

from newsscraper.sites._network import sister

SITE = sister("thepraguepost", "The Prague Post", "www.thepraguepost.cz", ("cs",), "Europe/Prague")
