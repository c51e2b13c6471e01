"""Norwegian (Bokmål and Nynorsk): ``30. november 2024 kl. 07.41``."""

from newsscraper.extraction.languages import Language, numbered

LANGUAGE = Language(
    code="no",
    name="Norsk",
    aliases=("nb", "nn"),
    common_words=(
        "i og at det som en er på for med ikke av har til den var om også etter ble blir mye nå hva"
    ),
    letters="æøå",
    months=numbered(
        "januar|jan",
        "februar|feb",
        "mars|mar",
        "april|apr",
        "mai",
        "juni|jun",
        "juli|jul",
        "august|aug",
        "september|sep|sept",
        "oktober|okt",
        "november|nov",
        "desember|des",
    ),
    weekdays=numbered(
        "mandag|man|måndag",
        "tirsdag|tir|tysdag",
        "onsdag|ons",
        "torsdag|tor",
        "fredag|fre",
        "lørdag|lør|laurdag",
        "søndag|søn|sundag",
        start=0,
    ),
    date_labels={
        "publisert": "published",
        "oppdatert": "modified",
        "sist oppdatert": "modified",
    },
    time_words=("kl.", "kl", "klokken"),
    credit_labels=("Foto", "Bilde"),
    byline_prefixes=("Av",),
    name_joiners=("og",),
    text_size=("Tekststørrelse", "Skriftstørrelse"),
    markets=("Børs", "Markeder"),
    ticker_names=("Gull", "Olje"),
    share=("Del", "Skriv ut", "Kopier lenke"),
    related=("Les også", "Les mer", "Relaterte artikler"),
    advertising=("Annonse", "Reklame"),
    continue_reading=("Artikkelen fortsetter under annonsen",),
    newsletter_names=("Nyhetsbrev",),
    newsletter=("Nyhetsbrev", "Abonner", "Meld deg på"),
    newsletter_fillers=("på", "vårt", "nyhetsbrev", "nå"),
    next_page=("neste", "eldre"),
    not_found=("Siden finnes ikke", "Fant ikke siden", "Siden ble ikke funnet"),
)
