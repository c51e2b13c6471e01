"""Scrapy's request dupefilter with its fingerprints in a ``SeenSet``, not a Python set.

``RFPDupeFilter`` keeps every request fingerprint of the crawl in a set: ~80 bytes each,
growing with the archive. ``BoundedDupeFilter`` asks a ``SeenSet`` (a fixed-size Bloom
filter before a temporary SQLite table, exact on every "maybe"), so memory stays flat.
Fingerprints, the JOBDIR ``requests.seen`` file and the log are Scrapy's.

``BoundedMemory`` is the add-on that installs it at add-on priority, so that the
distributed add-on (which brings scrapy-redis' shared dupefilter), ordered after it,
still wins when ``REDIS_URL`` is set.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from scrapy.dupefilters import RFPDupeFilter

from newsscraper.storage.known import SeenSet

if TYPE_CHECKING:
    from scrapy import Request

DUPEFILTER = "newsscraper.middlewares.dupefilter.BoundedDupeFilter"


class BoundedDupeFilter(RFPDupeFilter):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.seen = SeenSet()
        # What Scrapy read back from JOBDIR's requests.seen (its set is private; there is
        # no public way to hand it over), then that set is emptied for good.
        self.seen.update(self._fingerprints)
        self._fingerprints.clear()

    def request_seen(self, request: Request) -> bool:
        fingerprint = self.fingerprinter.fingerprint(request)
        if fingerprint in self.seen:
            return True
        self.seen.add(fingerprint)
        if self.file:
            self.file.write(len(fingerprint).to_bytes(2, "big") + fingerprint)
        return False

    def close(self, reason: str) -> None:
        super().close(reason)
        self.seen.close()


class BoundedMemory:
    """Add-on: the bounded dupefilter, unless a later add-on or the command line says else."""

    def update_settings(self, settings: Any) -> None:
        settings.set("DUPEFILTER_CLASS", DUPEFILTER, "addon")
