"""Dubai Telegraph (dubaitelegraph.ae): Arabic, right to left; sections such as /ThingsToKnow/.

Its zone is its country's; its signature code is not known, so any is read.
"""

from newsscraper.sites._network import sister

SITE = sister("dubaitelegraph", "Dubai Telegraph", "www.dubaitelegraph.ae", ("ar",), "Asia/Dubai")
