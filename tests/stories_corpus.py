"""A corpus of translated copies for story linking: one story on many sister sites.

Each story is a fact sheet (people, places, figures, photo, agency) told by sentences
that mean the same in every language, the way a network translates agency copy:

- people keep their Latin spelling in Latin-script languages and are transliterated
  elsewhere; places take each language's exonym (Moskau, Moscou, Μόσχα, モスクワ);
- figures are printed in each language's way (``1.340``, ``1,340``, ``1 340``, ``١٬٣٤٠``,
  Chinese and Japanese ``125万``), and a translator sometimes drops a sentence;
- copies appear minutes to a day apart; half of the sites reuse the agency photo file,
  the others rename it after their own article id; the Arabic site prints the agency
  in Arabic script (``أ ف ب``).

Decoys, which must not link: every second story is a *twin* of the one before, published
in the same minute by the same agency with the same photographer, told with the same
sentence patterns (so same-language copies share their wording, weekday and agency
name); some stories reuse an archive photo (same file and credit) of another story of
the day. Within one site, some stories are republished: once word for word (an alias)
and once with a new headline (a new article of the same story).

``build(seed)`` returns the copies; ``Copy.story`` is the truth the benchmark scores
against. The corpus is written for these tests; tune on one seed, report on another.
"""

from __future__ import annotations

import hashlib
import random
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

#: Sister sites (SITE.md): domain, languages, whether it keeps the agency's photo file name.
SITES: dict[str, tuple[str, tuple[str, ...], bool]] = {
    "portugalcolonial": ("www.portugalcolonial.pt", ("pt", "de"), True),
    "muenchenerpost": ("www.muenchenerpost.de", ("de",), False),
    "parissoir": ("www.parissoir.fr", ("fr",), True),
    "sanfranciscofrontiers": ("www.sanfranciscofrontiers.com", ("en",), False),
    "globomadrid": ("www.globomadrid.es", ("es",), True),
    "gazetalodz": ("www.gazetalodz.pl", ("pl",), False),
    "athensnews": ("www.athensnews.com.gr", ("el",), True),
    "courieregypte": ("www.courieregypte.com", ("ru",), False),
    "dubaitelegraph": ("www.dubaitelegraph.ae", ("ar",), True),
    "thejapantimes": ("www.thejapantimes.jp", ("ja",), False),
    "cnmail": ("www.cnmail.cn", ("zh",), True),
}

PEOPLE = (
    "Noosha Aubel",
    "Henrik Valdsen",
    "Marta Quiroga",
    "Otto Brennecke",
    "Lucie Marchand",
    "Tomasz Wilk",
    "Aiko Tanabe",
    "Samir Haddad",
    "Elena Vorontsova",
    "Jonas Lindqvist",
    "Giulia Ferretti",
    "Pieter de Wolff",
    "Rosa Almeida",
    "Dimitris Kalogeropoulos",
    "Fatima Benali",
    "Karl Oberhuber",
    "Ines Schroth",
    "Milan Novak",
    "Chen Liwei",
    "Amara Okafor",
)

#: Places by language (exonyms); a missing language uses "en".
PLACES: tuple[dict[str, str], ...] = (
    {"en": "Moscow", "de": "Moskau", "fr": "Moscou", "es": "Moscú", "pt": "Moscovo",
     "pl": "Moskwa", "el": "Μόσχα", "ru": "Москва", "ar": "موسكو", "ja": "モスクワ", "zh": "莫斯科"},
    {"en": "Brussels", "de": "Brüssel", "fr": "Bruxelles", "es": "Bruselas", "pt": "Bruxelas",
     "pl": "Bruksela", "el": "Βρυξέλλες", "ru": "Брюссель", "ar": "بروكسل", "ja": "ブリュッセル",
     "zh": "布鲁塞尔"},
    {"en": "Potsdam", "el": "Πότσδαμ", "ru": "Потсдам", "ar": "بوتسدام", "ja": "ポツダム",
     "zh": "波茨坦"},
    {"en": "Geneva", "de": "Genf", "fr": "Genève", "es": "Ginebra", "pt": "Genebra",
     "pl": "Genewa", "el": "Γενεύη", "ru": "Женева", "ar": "جنيف", "ja": "ジュネーブ", "zh": "日内瓦"},
    {"en": "Cairo", "de": "Kairo", "fr": "Le Caire", "es": "El Cairo", "pt": "Cairo",
     "pl": "Kair", "el": "Κάιρο", "ru": "Каир", "ar": "القاهرة", "ja": "カイロ", "zh": "开罗"},
    {"en": "Athens", "de": "Athen", "fr": "Athènes", "es": "Atenas", "pt": "Atenas",
     "pl": "Ateny", "el": "Αθήνα", "ru": "Афины", "ar": "أثينا", "ja": "アテネ", "zh": "雅典"},
    {"en": "Warsaw", "de": "Warschau", "fr": "Varsovie", "es": "Varsovia", "pt": "Varsóvia",
     "pl": "Warszawa", "el": "Βαρσοβία", "ru": "Варшава", "ar": "وارسو", "ja": "ワルシャワ",
     "zh": "华沙"},
    {"en": "Lisbon", "de": "Lissabon", "fr": "Lisbonne", "es": "Lisboa", "pt": "Lisboa",
     "pl": "Lizbona", "el": "Λισαβόνα", "ru": "Лиссабон", "ar": "لشبونة", "ja": "リスボン",
     "zh": "里斯本"},
    {"en": "Hamburg", "fr": "Hambourg", "es": "Hamburgo", "pt": "Hamburgo", "pl": "Hamburg",
     "el": "Αμβούργο", "ru": "Гамбург", "ar": "هامبورغ", "ja": "ハンブルク", "zh": "汉堡"},
    {"en": "Tokyo", "de": "Tokio", "fr": "Tokyo", "es": "Tokio", "pt": "Tóquio", "pl": "Tokio",
     "el": "Τόκιο", "ru": "Токио", "ar": "طوكيو", "ja": "東京", "zh": "东京"},
)  # fmt: skip

PHOTOGRAPHERS = ("Kirill KUDRYAVTSEV", "John MACDOUGALL", "Ludovic MARIN", "STR", "Odd ANDERSEN")
AGENCIES = ("AFP", "AFP", "AFP", "dpa", "ANP")

# Sentence patterns: index i means the same in every language. Slots: {p} {q} people,
# {x} {y} places, {a} count, {b} share in percent (one decimal), {c} amount, {d} small
# count, {e} day of a coming date, {w} weekday, {ag} agency.
PATTERNS: dict[str, tuple[str, ...]] = {
    "de": (
        "{p} warnt in {x} vor den Folgen",
        "{p} sagte am {w} in {x}, {a} Menschen seien betroffen.",
        "Nach Angaben der Behörden belaufen sich die Kosten auf {c} Euro.",
        "Die Quote stieg im Vergleich zum Vorjahr um {b} Prozent.",
        "{q} wies die Vorwürfe zurück und forderte Gespräche in {y}.",
        "Rund {d} Organisationen haben den Aufruf unterzeichnet, hieß es.",
        "Die Abstimmung ist für den {e}. Dezember angesetzt, berichtete die Agentur {ag}.",
        "Die Polizei nahm in {y} {f} Menschen fest.",
    ),
    "en": (
        "{p} warns of consequences in {x}",
        "{p} said in {x} on {w} that {a} people were affected.",
        "According to the authorities, the cost amounts to {c} euros.",
        "The rate rose by {b} percent compared with the previous year.",
        "{q} rejected the accusations and called for talks in {y}.",
        "Around {d} organisations have signed the appeal, it was said.",
        "The vote is scheduled for December {e}, the {ag} agency reported.",
        "Police in {y} arrested {f} people.",
    ),
    "fr": (
        "{p} met en garde contre les conséquences à {x}",
        "{p} a déclaré {w} à {x} que {a} personnes étaient touchées.",
        "Selon les autorités, le coût s'élève à {c} euros.",
        "Le taux a augmenté de {b} % par rapport à l'année précédente.",
        "{q} a rejeté les accusations et appelé à des pourparlers à {y}.",
        "Environ {d} organisations ont signé l'appel, a-t-on appris.",
        "Le vote est prévu le {e} décembre, a rapporté l'agence {ag}.",
        "La police a interpellé {f} personnes à {y}.",
    ),
    "es": (
        "{p} advierte en {x} de las consecuencias",
        "{p} dijo el {w} en {x} que {a} personas se vieron afectadas.",
        "Según las autoridades, el coste asciende a {c} euros.",
        "La tasa subió un {b} % respecto al año anterior.",
        "{q} rechazó las acusaciones y pidió conversaciones en {y}.",
        "Unas {d} organizaciones han firmado el llamamiento, se informó.",
        "La votación está prevista para el {e} de diciembre, informó la agencia {ag}.",
        "La policía detuvo a {f} personas en {y}.",
    ),
    "pt": (
        "{p} alerta em {x} para as consequências",
        "{p} disse na {w} em {x} que {a} pessoas foram afetadas.",
        "Segundo as autoridades, o custo ascende a {c} euros.",
        "A taxa subiu {b} % em relação ao ano anterior.",
        "{q} rejeitou as acusações e pediu conversações em {y}.",
        "Cerca de {d} organizações assinaram o apelo, informou-se.",
        "A votação está marcada para {e} de dezembro, noticiou a agência {ag}.",
        "A polícia deteve {f} pessoas em {y}.",
    ),
    "pl": (
        "{p} ostrzega w {x} przed skutkami",
        "{p} powiedział w {w} w {x}, że poszkodowanych jest {a} osób.",
        "Według władz koszty wynoszą {c} euro.",
        "Wskaźnik wzrósł o {b} proc. w porównaniu z poprzednim rokiem.",
        "{q} odrzucił zarzuty i wezwał do rozmów w {y}.",
        "Apel podpisało około {d} organizacji, poinformowano.",
        "Głosowanie zaplanowano na {e} grudnia, podała agencja {ag}.",
        "Policja w {y} zatrzymała {f} osób.",
    ),
    "el": (
        "{p}: προειδοποίηση στην πόλη {x} για τις συνέπειες",
        "{p} δήλωσε την {w} στην πόλη {x} ότι επλήγησαν {a} άνθρωποι.",
        "Σύμφωνα με τις αρχές, το κόστος ανέρχεται σε {c} ευρώ.",
        "Το ποσοστό αυξήθηκε κατά {b}% σε σχέση με το προηγούμενο έτος.",
        "{q} απέρριψε τις κατηγορίες και ζήτησε συνομιλίες στην πόλη {y}.",
        "Περίπου {d} οργανώσεις υπέγραψαν την έκκληση, όπως ανακοινώθηκε.",
        "Η ψηφοφορία έχει προγραμματιστεί για τις {e} Δεκεμβρίου, μετέδωσε το πρακτορείο.",
        "Η αστυνομία συνέλαβε {f} άτομα στην πόλη {y}.",
    ),
    "ru": (
        "{p} предупреждает в городе {x} о последствиях",
        "{p} заявил в {w} в городе {x}, что пострадали {a} человек.",
        "По данным властей, расходы составляют {c} евро.",
        "Показатель вырос на {b}% по сравнению с прошлым годом.",
        "{q} отверг обвинения и призвал к переговорам в городе {y}.",
        "Около {d} организаций подписали обращение, сообщается.",
        "Голосование назначено на {e} декабря, сообщило агентство.",
        "Полиция в городе {y} задержала {f} человек.",
    ),
    "ar": (
        "{p} يحذر في {x} من العواقب",
        "قال {p} يوم {w} في {x} إن {a} شخصا تضرروا.",
        "وبحسب السلطات، تبلغ التكاليف {c} يورو.",
        "وارتفع المعدل بنسبة {b} بالمئة مقارنة بالعام السابق.",
        "ورفض {q} الاتهامات ودعا إلى محادثات في {y}.",
        "ووقعت نحو {d} منظمة على النداء، بحسب ما أفيد.",
        "ومن المقرر إجراء التصويت في {e} كانون الأول/ديسمبر، بحسب الوكالة.",
        "واعتقلت الشرطة {f} أشخاص في {y}.",
    ),
    "ja": (
        "{p}氏、{x}で影響を警告",
        "{p}氏は{w}、{x}で{a}人が影響を受けたと述べた。",
        "当局によると、費用は{c}ユーロに上る。",
        "比率は前年比で{b}％上昇した。",
        "{q}氏は疑惑を否定し、{y}での協議を求めた。",
        "約{d}の団体が声明に署名したという。",
        "投票は12月{e}日に予定されていると通信社が伝えた。",
        "警察は{y}で{f}人を拘束した。",
    ),
    "zh": (
        "{p}在{x}警告后果",
        "{p}{w}在{x}表示，有{a}人受到影响。",
        "据当局称，费用达{c}欧元。",
        "该比率比上一年上升了{b}%。",
        "{q}否认了指控，并呼吁在{y}举行会谈。",
        "据称，约{d}个组织签署了呼吁书。",
        "通讯社报道称，投票定于12月{e}日举行。",
        "警方在{y}逮捕了{f}人。",
    ),
}

WEEKDAYS: dict[str, tuple[str, ...]] = {
    "de": ("Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag", "Sonntag"),
    "en": ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"),
    "fr": ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"),
    "es": ("lunes", "martes", "miércoles", "jueves", "viernes", "sábado", "domingo"),
    "pt": ("segunda-feira", "terça-feira", "quarta-feira", "quinta-feira", "sexta-feira",
           "sábado", "domingo"),
    "pl": ("poniedziałek", "wtorek", "środę", "czwartek", "piątek", "sobotę", "niedzielę"),
    "el": ("Δευτέρα", "Τρίτη", "Τετάρτη", "Πέμπτη", "Παρασκευή", "Σάββατο", "Κυριακή"),
    "ru": ("понедельник", "вторник", "среду", "четверг", "пятницу", "субботу", "воскресенье"),
    "ar": ("الاثنين", "الثلاثاء", "الأربعاء", "الخميس", "الجمعة", "السبت", "الأحد"),
    "ja": ("月曜日", "火曜日", "水曜日", "木曜日", "金曜日", "土曜日", "日曜日"),
    "zh": ("周一", "周二", "周三", "周四", "周五", "周六", "周日"),
}  # fmt: skip

# How each language prints numbers: thousands separator, decimal separator.
_NUMBER_STYLE: dict[str, tuple[str, str]] = {
    "de": (".", ","), "pt": (".", ","), "es": (".", ","), "el": (".", ","),
    "en": (",", "."), "ja": (",", "."), "zh": (",", "."),
    "fr": ("\u202f", ","), "pl": ("\u00a0", ","), "ru": ("\u00a0", ","), "ar": ("٬", "٫"),
}  # fmt: skip
_ARCHIVE = {"de": "Archiv", "fr": "Archives", "es": "Archivo", "pt": "Arquivo", "pl": "Archiwum"}
_ARABIC_AGENCY = {"AFP": "أ ف ب", "dpa": "د ب أ", "ANP": "ا ن ب"}
_LOCAL = {"ar": 0x0660}
#: First lower- and upper-case letters of the script names are written in.
_SCRIPT = {
    "el": (0x03B1, 0x0391),
    "ru": (0x0430, 0x0410),
    "ar": (0x0628, 0x0628),
    "ja": (0x30A2, 0x30A2),
    "zh": (0x4E00, 0x4E00),
}


@dataclass(frozen=True)
class Copy:
    """One stored copy: the item the crawler would yield, and the story it tells."""

    item: dict[str, Any]
    story: str
    kind: str = "copy"  # copy, republished (same text), reworded (new headline)


def number(value: float, language: str, *, decimals: int = 0) -> str:
    """*value* as *language* prints it.

    >>> number(1340, "de"), number(1340, "en"), number(3.5, "de", decimals=1), number(1340, "ar")
    ('1.340', '1,340', '3,5', '١٬٣٤٠')
    >>> number(1250000, "zh"), number(1250000, "ja")
    ('125万', '125万')
    """
    if language in ("zh", "ja") and value >= 10000 and not decimals:
        return f"{value / 10000:g}万"
    thousands, decimal = _NUMBER_STYLE[language]
    text = f"{value:,.{decimals}f}".replace(",", "\0").replace(".", decimal)
    text = text.replace("\0", thousands)
    if language in _LOCAL:
        text = "".join(chr(_LOCAL[language] + int(ch)) if ch.isdigit() else ch for ch in text)
    return text


def person(name: str, language: str) -> str:
    """A name as the language writes it: Latin kept, otherwise in the language's script.

    Not a real transliteration: what matters here is that it is not Latin script.
    """
    if language not in _SCRIPT:
        return name
    lower, upper = _SCRIPT[language]
    out = []
    for ch in name:
        if not ch.isalpha():
            out.append(ch)
            continue
        base = upper if ch.isupper() else lower
        out.append(chr(base + (ord(ch.lower()) - ord("a")) % 24))
    return "".join(out)


@dataclass(frozen=True)
class _Story:
    key: str
    people: tuple[str, str]
    places: tuple[int, int]
    figures: dict[str, float]
    sentences: tuple[int, ...]
    published: datetime
    photo_file: str | None
    credit: tuple[str, str] | None  # photographer, agency
    archive: bool
    sites: tuple[str, ...]


def _story(rng: random.Random, key: str, published: datetime, twin: _Story | None) -> _Story:
    people = tuple(rng.sample(PEOPLE, 2))
    places = tuple(rng.sample(range(len(PLACES)), 2))
    figures = {
        "a": rng.choice([rng.randint(120, 9800), rng.randint(11, 99)]),
        "b": rng.randint(11, 189) / 10,
        "c": rng.choice([rng.randint(12, 990) * 10000, rng.randint(1100, 9900)]),
        "d": rng.choice([rng.randint(12, 98), 100, 50]),
        "e": rng.randint(2, 28),
        "f": rng.randint(12, 480),
    }
    count = rng.randint(3, 6)
    sentences = tuple(sorted(rng.sample(range(1, 8), count)))
    if twin is not None:  # same minute, agency, photographer and sentence patterns
        sentences, credit = twin.sentences, twin.credit
    else:
        credit = (rng.choice(PHOTOGRAPHERS), rng.choice(AGENCIES)) if rng.random() < 0.85 else None
    names = list(SITES)
    sites = tuple(sorted(rng.sample(names, rng.randint(3, len(names)))))
    photo = None if credit is None else f"{key}-{rng.randint(10**5, 10**6)}.jpg"
    return _Story(
        key,
        (people[0], people[1]),
        (places[0], places[1]),
        figures,
        sentences,
        published,
        photo,
        credit,
        False,
        sites,
    )


def _text(story: _Story, language: str, rng: random.Random, drop: bool) -> tuple[str, list[str]]:
    patterns = PATTERNS[language]
    place = [PLACES[i].get(language, PLACES[i]["en"]) for i in story.places]
    agency = story.credit[1] if story.credit else "AFP"
    f = story.figures
    slots = {
        "p": person(story.people[0], language),
        "q": person(story.people[1], language),
        "x": place[0],
        "y": place[1],
        "a": number(f["a"], language),
        "b": number(f["b"], language, decimals=1),
        "c": number(f["c"], language),
        "d": number(f["d"], language),
        "e": number(f["e"], language),
        "f": number(f["f"], language),
        "w": WEEKDAYS[language][story.published.weekday()],
        "ag": agency,
    }
    chosen = list(story.sentences)
    if drop and len(chosen) > 3:
        chosen.remove(rng.choice(chosen))
    paragraphs = [patterns[i].format(**slots) for i in chosen]
    return patterns[0].format(**slots), paragraphs


def _credit(story: _Story, language: str) -> str | None:
    if story.credit is None:
        return None
    photographer, agency = story.credit
    if language == "ar":
        return f"{photographer} / {_ARABIC_AGENCY[agency]}"
    text = f"{photographer}/{agency}"
    if story.archive and language in _ARCHIVE:
        text += f"/{_ARCHIVE[language]}"
    return text


def _copies(story: _Story, rng: random.Random, ids: list[int]) -> list[Copy]:
    out = []
    for site in story.sites:
        domain, languages, shares_photo = SITES[site]
        language = languages[0] if len(languages) == 1 else rng.choice(languages)
        delay = rng.choice([0, 0, 3, 20, 45, 90, 240, 600, 1400])
        published = story.published + timedelta(minutes=delay)
        headline, paragraphs = _text(story, language, rng, drop=rng.random() < 0.2)
        ids[0] += rng.randint(1, 40)
        article_id = str(ids[0])
        photo = None
        if story.photo_file:
            name = story.photo_file if shares_photo else f"{article_id}-1.jpg"
            photo = f"https://{domain}/media/{published:%Y/%m}/{name}"
        url = f"https://{domain}/{story.key}/{article_id}-{language}.html"
        item = _item(url, site, article_id, language, headline, paragraphs, published)
        item.update(
            photo_url=photo,
            photo_caption=headline if photo else None,
            photo_credit=_credit(story, language),
        )
        out.append(Copy(item, story.key))
    return out


def _item(
    url: str,
    site: str,
    article_id: str,
    language: str,
    headline: str,
    paragraphs: list[str],
    published: datetime,
) -> dict[str, Any]:
    body = "\n\n".join(paragraphs)
    normal = " ".join(f"{headline}\n{body}".casefold().split())
    return {
        "url": url,
        "canonical_url": url,
        "site": site,
        "article_id": article_id,
        "language": language,
        "section": "Politics",
        "headline": headline,
        "lead": paragraphs[0],
        "body": body,
        "published_at": published.isoformat(),
        "fingerprint": hashlib.sha256(normal.encode()).hexdigest(),
        "word_count": len(body.split()),
    }


def build(seed: int = 1, stories: int = 40) -> list[Copy]:
    """The copies of *stories* stories (half of them twins of the one before), in a
    shuffled arrival order, with republished and archive-photo decoys."""
    rng = random.Random(seed)
    start = datetime(2024, 11, 25, 6, 0, tzinfo=UTC)
    made: list[_Story] = []
    for n in range(stories):
        twin = made[-1] if n % 2 == 1 else None
        published = twin.published if twin else start + timedelta(minutes=rng.randint(0, 4000))
        made.append(_story(rng, f"story{seed}x{n:03d}", published, twin))
    # Archive photo: a later story of the day shows an earlier story's photo, same credit.
    for n in range(2, len(made), 7):
        old = made[n - 2]
        if old.photo_file and old.credit:
            made[n] = _reuse_photo(made[n], old)
    ids = [700000]
    copies = [c for story in made for c in _copies(story, rng, ids)]
    copies += _republished(copies, rng, ids)
    rng.shuffle(copies)
    return copies


def _reuse_photo(story: _Story, old: _Story) -> _Story:
    published = old.published + timedelta(minutes=150)
    return _Story(
        story.key,
        story.people,
        story.places,
        story.figures,
        story.sentences,
        published,
        old.photo_file,
        old.credit,
        True,
        story.sites,
    )


def _republished(copies: list[Copy], rng: random.Random, ids: list[int]) -> list[Copy]:
    """Some copies published again on their own site: word for word, or reworded."""
    out = []
    for index, copy in enumerate(rng.sample(copies, max(2, len(copies) // 25))):
        item = dict(copy.item)
        ids[0] += 1
        item["article_id"] = str(ids[0])
        item["url"] = item["canonical_url"] = item["url"].rsplit("/", 1)[0] + f"/{ids[0]}-r.html"
        later = datetime.fromisoformat(item["published_at"]) + timedelta(hours=rng.randint(2, 30))
        item["published_at"] = later.isoformat()
        kind = "republished"
        if index % 2:
            kind = "reworded"
            item["headline"] = item["headline"] + " (update)"
            item["fingerprint"] = hashlib.sha256(item["fingerprint"].encode()).hexdigest()
        out.append(Copy(item, copy.story, kind))
    return out


def truth(copies: list[Copy]) -> dict[str, str]:
    """Canonical URL -> true story, for every copy."""
    return {c.item["canonical_url"]: c.story for c in copies}


@dataclass(frozen=True)
class Scores:
    """Pairwise link quality: a pair of copies is linked when they share a story id."""

    copies: int
    stories: int
    true_pairs: int
    linked_pairs: int
    correct_pairs: int
    false_links: tuple[tuple[str, str], ...]
    missed: tuple[tuple[str, str], ...]

    @property
    def precision(self) -> float:
        return self.correct_pairs / self.linked_pairs if self.linked_pairs else 1.0

    @property
    def recall(self) -> float:
        return self.correct_pairs / self.true_pairs if self.true_pairs else 1.0


def evaluate(copies: list[Copy], story_of: dict[str, str | None]) -> Scores:
    """Compare the story ids found (canonical URL -> story id) with the truth.

    A copy with no story id counts as its own story (it links nothing).
    """
    urls = sorted(c.item["canonical_url"] for c in copies)
    real = truth(copies)
    found = {url: story_of.get(url) or f"none:{url}" for url in urls}
    true_pairs = linked = correct = 0
    false_links: list[tuple[str, str]] = []
    missed: list[tuple[str, str]] = []
    for i, a in enumerate(urls):
        for b in urls[i + 1 :]:
            same_truth = real[a] == real[b]
            same_found = found[a] == found[b]
            true_pairs += same_truth
            linked += same_found
            correct += same_truth and same_found
            if same_found and not same_truth:
                false_links.append((a, b))
            elif same_truth and not same_found:
                missed.append((a, b))
    return Scores(
        len(urls), len(set(real.values())), true_pairs, linked, correct, tuple(false_links),
        tuple(missed),
    )  # fmt: skip
