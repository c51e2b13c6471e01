"""China Mail (cnmail.cn): Chinese, with Latin-script slugs.

Its zone is its country's; its signature code is not known, so any is read.
"""

from newsscraper.sites._network import sister

SITE = sister("cnmail", "China Mail", "www.cnmail.cn", ("zh",), "Asia/Shanghai")
