"""Madras Times (madrastimes.in): Hindi; a /de/Politik/ path was seen holding a Hindi
page, so /de/ is only a hint.

Its zone is its country's; its signature code is not known, so any is read.
"""

from newsscraper.sites._network import sister

SITE = sister("madrastimes", "Madras Times", "www.madrastimes.in", ("hi", "de"), "Asia/Kolkata")
