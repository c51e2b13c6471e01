"""Language tables used by the processors: labels, month names, furniture.

The network publishes in many languages; each table names the language it serves so a
new sister site only adds rows here.
"""

from __future__ import annotations

import re

#: Labels printed before a photo credit ("/ Foto: AFP").
CREDIT_LABELS: tuple[str, ...] = (
    "Fotografia",  # pt
    "Fotografía",  # es
    "Fotograf",
    "Fotos",
    "Foto",  # de, pt, es, it, sv, cs
    "Photographie",
    "Photos",
    "Photo",  # en, fr
    "Bild",  # de
    "Bildquelle",
    "Imagem",  # pt
    "Crédito",
    "Créditos",
    "Credit",
    "Crédit",
    "Quelle",
    "Fonte",
)

#: Month names (and common abbreviations) to month numbers, per language.
MONTHS: dict[str, dict[str, int]] = {
    "pt": {
        "janeiro": 1,
        "fevereiro": 2,
        "março": 3,
        "marco": 3,
        "abril": 4,
        "maio": 5,
        "junho": 6,
        "julho": 7,
        "agosto": 8,
        "setembro": 9,
        "outubro": 10,
        "novembro": 11,
        "dezembro": 12,
        "jan": 1,
        "fev": 2,
        "mar": 3,
        "abr": 4,
        "mai": 5,
        "jun": 6,
        "jul": 7,
        "ago": 8,
        "set": 9,
        "out": 10,
        "nov": 11,
        "dez": 12,
    },
    "de": {
        "januar": 1,
        "jänner": 1,
        "februar": 2,
        "märz": 3,
        "maerz": 3,
        "april": 4,
        "mai": 5,
        "juni": 6,
        "juli": 7,
        "august": 8,
        "september": 9,
        "oktober": 10,
        "november": 11,
        "dezember": 12,
        "jan": 1,
        "feb": 2,
        "mär": 3,
        "apr": 4,
        "jun": 6,
        "jul": 7,
        "aug": 8,
        "sep": 9,
        "sept": 9,
        "okt": 10,
        "nov": 11,
        "dez": 12,
    },
    "en": {
        "january": 1,
        "february": 2,
        "march": 3,
        "april": 4,
        "may": 5,
        "june": 6,
        "july": 7,
        "august": 8,
        "september": 9,
        "october": 10,
        "november": 11,
        "december": 12,
        "jan": 1,
        "feb": 2,
        "mar": 3,
        "apr": 4,
        "jun": 6,
        "jul": 7,
        "aug": 8,
        "sep": 9,
        "sept": 9,
        "oct": 10,
        "nov": 11,
        "dec": 12,
    },
    "es": {
        "enero": 1,
        "febrero": 2,
        "marzo": 3,
        "abril": 4,
        "mayo": 5,
        "junio": 6,
        "julio": 7,
        "agosto": 8,
        "septiembre": 9,
        "setiembre": 9,
        "octubre": 10,
        "noviembre": 11,
        "diciembre": 12,
    },
    "fr": {
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
    "it": {
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
}

#: Every month name of every language, for pages whose language is unknown.
ALL_MONTHS: dict[str, int] = {
    name: number for table in MONTHS.values() for name, number in table.items()
}

#: Words for "next page" in pagination links.
NEXT_PAGE_WORDS: tuple[str, ...] = (
    "seguinte",
    "próxima",
    "proxima",
    "mais antigas",
    "weiter",
    "nächste",
    "naechste",
    "ältere",
    "next",
    "older",
    "siguiente",
    "suivant",
    "successiva",
    "avanti",
    "»",
    "›",
)

_TICKER_NAMES = (
    r"EUR/USD|USD/\w+|EUR/\w+|MDAX|DAX|TecDAX|SDAX|Euro STOXX 50|STOXX|PSI(?: 20)?|IBEX(?: 35)?|"
    r"CAC(?: 40)?|FTSE(?: 100)?|Dow Jones|Nasdaq|S&P 500|Nikkei|Goldpreis|Ölpreis|"
    r"Gold|Ouro|Brent|Petróleo|Bitcoin|BTC/\w+"
)

#: Whole blocks of text that are page furniture, in any of the network's languages.
FURNITURE_PATTERNS: tuple[re.Pattern[str], ...] = tuple(
    re.compile(pattern, re.IGNORECASE)
    for pattern in (
        # text-size control
        r"(?:Textgröße|Schriftgröße|Tamanho do texto|Tamanho da letra|Tamaño del texto|"
        r"Taille du texte|Dimensione del testo|Text size|Font size)\s*:?"
        r"(?:\s*(?:[Aa][-+−]*|[-+−]+|\d{1,3}\s*%))*\s*",
        r"(?:A\s*[-+−]\s*){1,3}",
        # stock ticker
        r"(?:Börse|Bolsa|Mercados|Märkte|Markets|Bourse|Borsa)\s*:?",
        rf"(?:{_TICKER_NAMES})\s+[-+−]?\d[\d.,]*\s*%\s+[\d.,]+\s*(?:\$|€|USD|EUR)?",
        # share and print links
        r"(?:Teilen|Partilhar|Compartilhar|Compartir|Partager|Condividi|Share|Drucken|"
        r"Imprimir|Print|E-?Mail|Facebook|Twitter|X|WhatsApp|Telegram|LinkedIn|Link kopieren|"
        r"Copiar link)(?:\s*[|:·]?\s*(?:Facebook|Twitter|X|WhatsApp|Telegram|LinkedIn|E-?Mail|"
        r"Drucken|Imprimir|Print))*\s*:?",
        # related-article box headings
        r"(?:Mehr zum Thema|Weitere Artikel|Das könnte Sie auch interessieren|Leia também|"
        r"Leia mais|Veja também|Artigos relacionados|Notícias relacionadas|Lesen Sie auch|"
        r"Related(?: articles)?|Read more|Más noticias|Lire aussi|Leggi anche)\s*:?",
        r"(?:Werbung|Anzeige|Publicidade|Publicidad|Advertisement|Publicité|Pub)\s*:?",
        # "the article goes on after the ad"
        r"(?:Continua|Continue|Continua a ler|O artigo continua)\s+(?:depois|após|abaixo)\s+"
        r"(?:da|de|a)\s+publicidade\.?",
        r"(?:Weiterlesen|Der Artikel geht|Lesen Sie weiter|Artikel wird)\s+.{0,30}"
        r"(?:Anzeige|Werbung)\s*(?:fortgesetzt)?\.?",
        r"(?:Article continues|Story continues)\s+(?:after|below)\s+(?:the\s+)?"
        r"(?:advertisement|ad)\.?",
        # newsletter and sign-up boxes
        r"(?:Newsletter|Boletim|Subscreva|Assine|Abonnieren|Anmelden|Subscribe|Inscreva-se)"
        r"(?:\s+(?:a|a nossa|o nosso|unseren|our|the|jetzt|já|agora|newsletter))*\s*[!:]?",
    )
)

#: Headlines of error and "not found" pages served with status 200 at article URLs.
ERROR_PAGE_PATTERNS: tuple[re.Pattern[str], ...] = tuple(
    re.compile(pattern, re.IGNORECASE)
    for pattern in (
        r"^(?:erro\s*)?404\b",
        r"p[áa]gina n[ãa]o (?:encontrada|existe)",
        r"not\s+found|page (?:not found|does not exist)",
        r"seite (?:nicht gefunden|existiert nicht)",
        r"p[áa]gina no encontrada|page introuvable|pagina non trovata",
        r"^(?:erro|fehler|error)\b",
    )
)

#: Words before a printed date that say which date it is.
DATE_LABELS: dict[str, str] = {
    "publicado": "published",
    "publicada": "published",
    "veröffentlicht": "published",
    "published": "published",
    "publié": "published",
    "publicado em": "published",
    "erschienen": "published",
    "pubblicato": "published",
    "criado": "published",
    "atualizado": "modified",
    "actualizado": "modified",
    "atualização": "modified",
    "aktualisiert": "modified",
    "zuletzt aktualisiert": "modified",
    "geändert": "modified",
    "updated": "modified",
    "last updated": "modified",
    "mis à jour": "modified",
    "aggiornato": "modified",
    "modificado": "modified",
    "stand": "modified",
}
