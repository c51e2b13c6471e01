"""Italian."""

from newsscraper.extraction.languages import Language

LANGUAGE = Language(
    code="it",
    name="Italiano",
    months={
        "gennaio": 1,
        "febbraio": 2,
        "marzo": 3,
        "aprile": 4,
        "maggio": 5,
        "giugno": 6,
        "luglio": 7,
        "agosto": 8,
        "settembre": 9,
        "ottobre": 10,
        "novembre": 11,
        "dicembre": 12,
    },
    date_labels={"pubblicato": "published", "aggiornato": "modified"},
    time_words=("alle",),
    credit_labels=("Foto",),
    byline_prefixes=("Di",),
    name_joiners=("e",),
    text_size=("Dimensione del testo",),
    markets=("Borsa",),
    share=("Condividi",),
    related=("Leggi anche",),
    next_page=("successiva", "avanti"),
    not_found=("Pagina non trovata",),
    author_roles=(
        "corrispondente",
        "giornalista",
        "redattore",
        "redattrice",
        "inviato",
        "inviata",
        "editorialista",
    ),
)
