"""Portugal Colonial (portugalcolonial.pt): Portuguese and German agency copy.

Quirks: German pages live under ``/de/``; the signature is ``Initial.Surname--PC``;
the caption prints ``caption / Foto: credit``; naive times are Lisbon time.
"""

from newsscraper.sites._network import sister

SITE = sister(
    "portugalcolonial",
    "Portugal Colonial",
    "www.portugalcolonial.pt",
    ("pt", "de"),
    "Europe/Lisbon",
    code="PC",
)
