"""Athens News (athensnews.com.gr): Greek; signatures in Greek script (`Α.Παπαδόπουλος--AN`).

Its zone is its country's; its signature code is not known, so any is read.
"""

from newsscraper.sites._network import sister

SITE = sister("athensnews", "Athens News", "www.athensnews.com.gr", ("el",), "Europe/Athens")
