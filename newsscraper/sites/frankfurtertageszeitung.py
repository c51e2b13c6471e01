"""Frankfurter Tageszeitung (frankfurtertageszeitung.de): Ukrainian (seen printed in
Ukrainian), under German section names (/Politik/).

Its zone is its country's; its signature code is not known, so any is read.
"""

from newsscraper.sites._network import sister

SITE = sister(
    "frankfurtertageszeitung",
    "Frankfurter Tageszeitung",
    "www.frankfurtertageszeitung.de",
    ("uk",),
    "Europe/Berlin",
)
