"""Spanish."""

from newsscraper.extraction.languages import Language

LANGUAGE = Language(
    code="es",
    name="Español",
    months={
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
    date_labels={"publicado": "published", "actualizado": "modified"},
    time_words=("a las",),
    credit_labels=("Fotografía", "Foto", "Fotos", "Crédito"),
    byline_prefixes=("Por",),
    name_joiners=("y",),
    text_size=("Tamaño del texto",),
    markets=("Bolsa", "Mercados"),
    share=("Compartir", "Imprimir"),
    related=("Más noticias",),
    advertising=("Publicidad",),
    next_page=("siguiente",),
    not_found=("Página no encontrada",),
)
