"""The Japan Times (thejapantimes.jp): Japanese; dates such as `2024年11月30日`.

Its zone is its country's; its signature code is not known, so any is read.
"""

from newsscraper.sites._network import sister

SITE = sister("thejapantimes", "The Japan Times", "www.thejapantimes.jp", ("ja",), "Asia/Tokyo")
