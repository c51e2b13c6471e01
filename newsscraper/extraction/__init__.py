"""Extraction: (url, html, site profile) -> article fields. Pure: no I/O, no clock.

- ``page``: the page object; asks each helper and records which rule won.
- ``body``, ``photos``, ``dates``: helpers for one field each.
- ``text``: pure text cleaning (processors, with doctests).
- ``tables``: the words of each language the helpers look for (labels, months,
  furniture).
- ``dom``: reading an HTML tree (structured data, meta tags, text blocks).
"""
