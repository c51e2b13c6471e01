"""French."""

from newsscraper.extraction.languages import Language

LANGUAGE = Language(
    code="fr",
    name="Français",
    months={
        "janvier": 1,
        "février": 2,
        "fevrier": 2,
        "mars": 3,
        "avril": 4,
        "mai": 5,
        "juin": 6,
        "juillet": 7,
        "août": 8,
        "aout": 8,
        "septembre": 9,
        "octobre": 10,
        "novembre": 11,
        "décembre": 12,
        "decembre": 12,
    },
    date_labels={"publié": "published", "mis à jour": "modified"},
    time_words=("à",),
    credit_labels=("Photo", "Photos", "Photographie", "Crédit"),
    byline_prefixes=("Par",),
    name_joiners=("et",),
    text_size=("Taille du texte",),
    markets=("Bourse",),
    share=("Partager",),
    related=("Lire aussi",),
    advertising=("Publicité", "Pub"),
    next_page=("suivant",),
    not_found=("Page introuvable",),
)
