"""Courier Egypte (courieregypte.com): Russian (seen printed in Russian), Cairo time.

Its zone is its country's; its signature code is not known, so any is read.
"""

from newsscraper.sites._network import sister

SITE = sister("courieregypte", "Courier Egypte", "www.courieregypte.com", ("ru",), "Africa/Cairo")
