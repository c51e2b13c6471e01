"""Synthetic stories for large replicas (benchmarks): same model, same templates, deterministic."""

from __future__ import annotations

import random
import re
import unicodedata
from datetime import datetime, timedelta

from .model import SECTIONS, Article, Photo, is_ambiguous, media_path

_WORDS: dict[str, dict[str, tuple[str, ...]]] = {
    "pt": {
        "who": (
            "O Governo",
            "A Câmara de Lisboa",
            "O Banco de Portugal",
            "A Comissão Europeia",
            "A central sindical",
            "A associação de consumidores",
            "O INE",
            "A Proteção Civil",
        ),
        "topic": (
            "habitação",
            "transportes",
            "saúde",
            "energia",
            "educação",
            "agricultura",
            "turismo",
            "ferrovia",
            "água",
            "pescas",
        ),
        "place": ("Lisboa", "Porto", "Coimbra", "Faro", "Braga", "Évora", "Funchal", "Viseu"),
        "headline": (
            "{who} anuncia plano de {n} milhões para {topic} em {place}",
            "{topic}: {who} admite mudanças até ao fim do ano em {place}",
            "{who} alerta para subida de {pct}% nos custos de {topic}",
        ),
        "sentence": (
            "{who} apresentou esta semana em {place} um conjunto de medidas sobre {topic}.",
            "«Não podemos esperar mais», disse um responsável ouvido em {place}.",
            "O custo estimado ronda os {n} milhões de euros.",
            "A oposição considera que as medidas para {topic} chegam tarde.",
            "Os dados mostram uma variação de {pct}% face ao ano anterior.",
            "A decisão final deverá ser conhecida nas próximas semanas.",
        ),
        "caption": ("Vista geral de {place}", "Reunião sobre {topic} em {place}"),
    },
    "de": {
        "who": (
            "Die Bundesregierung",
            "Der Städtetag",
            "Die Bundesbank",
            "Die EU-Kommission",
            "Der Gewerkschaftsbund",
            "Der Verbraucherverband",
            "Das Ifo-Institut",
        ),
        "topic": (
            "Wohnungsbau",
            "Nahverkehr",
            "Pflege",
            "Energie",
            "Bildung",
            "Landwirtschaft",
            "Tourismus",
            "Bahn",
            "Wasser",
            "Digitalisierung",
        ),
        "place": ("Berlin", "München", "Hamburg", "Köln", "Leipzig", "Düsseldorf", "Stuttgart"),
        "headline": (
            "{who} kündigt {n}-Millionen-Programm für {topic} in {place} an",
            "{topic}: {who} will bis Jahresende nachbessern",
            "{who} warnt vor {pct} Prozent höheren Kosten bei {topic}",
        ),
        "sentence": (
            "{who} stellte am Dienstag in {place} Pläne zum Thema {topic} vor.",
            "„Wir können nicht länger warten“, sagte ein Sprecher in {place}.",
            "Die Kosten werden auf rund {n} Millionen Euro geschätzt.",
            "Kritiker halten die Maßnahmen für {topic} für verspätet.",
            "Die Zahlen zeigen ein Plus von {pct} Prozent zum Vorjahr.",
            "Eine Entscheidung wird in den kommenden Wochen erwartet.",
        ),
        "caption": ("Blick auf {place}", "Treffen zum Thema {topic} in {place}"),
    },
}
_AUTHORS = ("A.Seabra", "J.Pereira", "L.Barros", "M.Costa", "R.Fonseca", "T.Almeida")
_CREDITS = (
    "Patricia DE MELO MOREIRA/AFP",
    "Kirill KUDRYAVTSEV/AFP/Archiv",
    "STR - KCNA VIA KNS/AFP",
    "Miguel RIOPA/AFP",
    "Tobias SCHWARZ/AFP",
)
_START = datetime(2023, 1, 1)
_VARIANTS = ("classic", "figure", "legacy", "microdata")


def slugify(text: str, limit: int = 60) -> str:
    """The URL slug of a headline.

    >>> slugify("Länder fordern: Câmara de Lisboa anuncia 2.5%")
    'lander-fordern-camara-de-lisboa-anuncia-2-5'
    """
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:limit].strip("-")


def _fill(rng: random.Random, words: dict[str, tuple[str, ...]], template: str) -> str:
    return template.format(
        who=rng.choice(words["who"]),
        topic=rng.choice(words["topic"]),
        place=rng.choice(words["place"]),
        n=rng.randint(2, 900),
        pct=rng.randint(2, 19),
    )


def _moment(minutes: int) -> datetime:
    moment = _START + timedelta(minutes=minutes)
    return moment + timedelta(hours=3) if is_ambiguous(moment) else moment


def generate_articles(n: int, seed: int = 0) -> tuple[Article, ...]:
    """``n`` synthetic stories (ids from 800000), in all variants but "broken"; same seed, same
    stories."""
    if not 0 <= n <= 199_999:
        raise ValueError("n must be between 0 and 199999")
    rng = random.Random(seed)
    seen: set[str] = set()
    articles = []
    for index in range(n):
        language = "pt" if rng.random() < 0.6 else "de"
        words = _WORDS[language]
        headline = _fill(rng, words, rng.choice(words["headline"]))
        while headline in seen:
            headline = _fill(rng, words, rng.choice(words["headline"]))
        seen.add(headline)
        article_id = str(800_000 + index)
        paragraphs = tuple(
            " ".join(_fill(rng, words, rng.choice(words["sentence"])) for _ in range(3))
            for _ in range(rng.randint(3, 6))
        )
        authors = rng.sample(_AUTHORS, 2 if rng.random() < 0.2 else 1)
        minutes = rng.randrange(2 * 365 * 24 * 60)
        published: datetime | None = _moment(minutes)
        photo = None
        if rng.random() < 0.75:
            photo = Photo(
                media_path(article_id, f"{published:%Y-%m}"),
                _fill(rng, words, rng.choice(words["caption"])),
                rng.choice(_CREDITS),
            )
        modified: datetime | None = _moment(minutes + rng.randint(10, 300))
        if rng.random() < 0.02:  # a story whose page shows no date at all
            published = modified = None
        elif rng.random() < 0.7:
            modified = None
        articles.append(
            Article(
                article_id,
                rng.choice(list(SECTIONS[language])),
                language,
                slugify(headline),
                headline,
                paragraphs,
                "/".join(authors) + "--PC",
                photo,
                published,
                modified,
                tuple(rng.sample(words["topic"], 2)),
                variant=_VARIANTS[index % len(_VARIANTS)],
            )
        )
    return tuple(articles)
