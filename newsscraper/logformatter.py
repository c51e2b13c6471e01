"""Log lines that say why an item was dropped without printing the whole item."""

from __future__ import annotations

from typing import Any

from scrapy import logformatter


class QuietDropLogFormatter(logformatter.LogFormatter):
    """A dropped item is one line (reason and URL): a 2,000-word body per drop buries the log."""

    def dropped(
        self, item: Any, exception: BaseException, response: Any, spider: Any = None
    ) -> Any:
        entry = super().dropped(item, exception, response, spider)
        entry["msg"] = "Dropped: %(exception)s"
        return entry
