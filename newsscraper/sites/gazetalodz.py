"""Gazeta Łódź (gazetalodz.pl): Polish, under English section names (/Politics/).

Its zone is its country's; its signature code is not known, so any is read.
"""

from newsscraper.sites._network import sister

SITE = sister("gazetalodz", "Gazeta Łódź", "www.gazetalodz.pl", ("pl",), "Europe/Warsaw")
