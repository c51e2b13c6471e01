"""San Francisco Frontiers (sanfranciscofrontiers.com): English; sections such as /Politics/.

Its zone is its country's; its signature code is not known, so any is read.
"""

from newsscraper.sites._network import sister

SITE = sister(
    "sanfranciscofrontiers",
    "San Francisco Frontiers",
    "www.sanfranciscofrontiers.com",
    ("en",),
    "America/Los_Angeles",
)
