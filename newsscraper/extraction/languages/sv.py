"""Swedish: ``30 november 2024 kl. 07.41``: the clock after ``kl.``, with a dot."""

from newsscraper.extraction.languages import Language, numbered

LANGUAGE = Language(
    code="sv",
    name="Svenska",
    common_words=(
        "i och att det som en är på för med inte av har till den var om också efter blev"
    ),
    letters="åäö",
    months=numbered(
        "januari|jan",
        "februari|feb",
        "mars|mar",
        "april|apr",
        "maj",
        "juni|jun",
        "juli|jul",
        "augusti|aug",
        "september|sep|sept",
        "oktober|okt",
        "november|nov",
        "december|dec",
    ),
    weekdays=numbered(
        "måndag|mån",
        "tisdag|tis",
        "onsdag|ons",
        "torsdag|tors|tor",
        "fredag|fre",
        "lördag|lör",
        "söndag|sön",
        start=0,
    ),
    date_labels={
        "publicerad": "published",
        "publicerat": "published",
        "uppdaterad": "modified",
        "uppdaterat": "modified",
    },
    time_words=("kl.", "kl", "klockan"),
    credit_labels=("Foto", "Bild", "Fotograf"),
    byline_prefixes=("Av",),
    name_joiners=("och",),
    text_size=("Textstorlek", "Teckenstorlek"),
    markets=("Börsen", "Börs"),
    ticker_names=("Guld", "Olja"),
    share=("Dela", "Skriv ut", "Kopiera länk"),
    related=("Läs också", "Läs även", "Läs mer", "Relaterade artiklar", "Relaterat"),
    advertising=("Annons", "Reklam"),
    continue_reading=("Artikeln fortsätter efter annonsen", "Texten fortsätter efter annonsen"),
    newsletter_names=("Nyhetsbrev",),
    newsletter=("Nyhetsbrev", "Prenumerera"),
    newsletter_fillers=("på", "vårt", "nyhetsbrev", "nu"),
    next_page=("nästa", "äldre"),
    not_found=("Sidan hittades inte", "Sidan finns inte", "Sidan kunde inte hittas"),
)
