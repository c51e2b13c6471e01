"""Seoul Gazette (seoulgazette.kr): Korean, with Latin-script slugs.

Its zone is its country's; its signature code is not known, so any is read.
"""

from newsscraper.sites._network import sister

SITE = sister("seoulgazette", "Seoul Gazette", "www.seoulgazette.kr", ("ko",), "Asia/Seoul")
