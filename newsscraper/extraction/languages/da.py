"""Danish: ``30. november 2024 kl. 07.41``."""

from newsscraper.extraction.languages import Language, numbered

LANGUAGE = Language(
    code="da",
    name="Dansk",
    common_words=(
        "i og at det som en er på for med ikke af har til den var om også efter "
        "blev bliver meget nu hvad"
    ),
    letters="æøå",
    months=numbered(
        "januar|jan",
        "februar|feb",
        "marts|mar",
        "april|apr",
        "maj",
        "juni|jun",
        "juli|jul",
        "august|aug",
        "september|sep|sept",
        "oktober|okt",
        "november|nov",
        "december|dec",
    ),
    weekdays=numbered(
        "mandag|man",
        "tirsdag|tirs|tir",
        "onsdag|ons",
        "torsdag|tors|tor",
        "fredag|fre",
        "lørdag|lør",
        "søndag|søn",
        start=0,
    ),
    date_labels={
        "publiceret": "published",
        "udgivet": "published",
        "opdateret": "modified",
        "sidst opdateret": "modified",
    },
    time_words=("kl.", "kl", "klokken"),
    clock_dot=True,
    credit_labels=("Foto", "Billede"),
    byline_prefixes=("Af",),
    name_joiners=("og",),
    text_size=("Tekststørrelse", "Skriftstørrelse"),
    markets=("Børs", "Markeder"),
    ticker_names=("Guld", "Olie"),
    share=("Del", "Udskriv", "Kopiér link", "Kopier link"),
    related=("Læs også", "Læs mere", "Relaterede artikler"),
    advertising=("Annonce", "Reklame"),
    continue_reading=("Artiklen fortsætter efter annoncen",),
    newsletter_names=("Nyhedsbrev",),
    newsletter=("Nyhedsbrev", "Tilmeld"),
    newsletter_fillers=("dig", "vores", "nyhedsbrev", "nu"),
    next_page=("næste", "ældre"),
    not_found=("Siden blev ikke fundet", "Siden findes ikke"),
)
