"""Extraction: (url, html, site profile) -> article fields. Pure: no I/O, no clock.

- ``page``: the page object; asks each helper, records which rule won; ``read_page``
  (the crawl's path) and ``extract`` (the public API, ``from newsscraper import
  extract``).
- ``body``, ``photos``, ``dates``, ``headline``, ``authors``: helpers for one field
  each, explicit inputs in, (value, rule) out.
- ``text``: pure text cleaning (processors, with doctests); every pattern is linear by
  construction (``tests/test_linear.py``).
- ``tables``, ``languages``: the words of each language the helpers look for (labels,
  months, bylines, furniture).
- ``dom``: reading an HTML tree (structured data, meta tags, text blocks).
"""
