"""Five sister sites of the network, one per script: Latin, Greek, Cyrillic, CJK, Arabic.

Each prints the same three agency stories, translated, under its own ids, in the
replica's markup variants (``variants.py``), with its own name, signature code, zone,
sections and furniture. ``build_network_site`` writes one site as static files;
``NetworkReplica`` serves each on its own port of 127.0.0.1 (one slot per site for
Scrapy, like separate hosts) with one request log. What a correct crawl yields is
``expected_items`` (``content.expected_item``), the specification of the tests.

The stories keep what survives translation (the photo file and its credit, the
publication instant, the figures) so cross-site story linking can be measured on them.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType
from typing import Any
from zoneinfo import ZoneInfo

from .build import rss, sitemap
from .content import expected_item
from .furniture import LABELS, esc, footer, head, meta_tags, site_header, ticker
from .media import jpeg
from .model import SITES, VARIANTS, Article, Photo, Site
from .server import ReplicaServer
from .variants import page_encoding, render_article

SISTERS: dict[str, Site] = {
    "muenchenerpost": Site(
        "muenchenerpost",
        "Münchener Post",
        "MP",
        "Europe/Berlin",
        {"de": {"Politik": "Politik", "Wirtschaft": "Wirtschaft"}},
    ),
    "athensnews": Site(
        "athensnews",
        "Athens News",
        "AN",
        "Europe/Athens",
        {"el": {"Politics": "Πολιτική", "Economy": "Οικονομία"}},
    ),
    "courieregypte": Site(
        "courieregypte",
        "Courier Egypte",
        "CE",
        "Africa/Cairo",
        {"ru": {"Politics": "Политика", "Economy": "Экономика"}},
    ),
    "thejapantimes": Site(
        "thejapantimes",
        "The Japan Times",
        "JT",
        "Asia/Tokyo",
        {"ja": {"Politics": "政治", "Economy": "経済"}},
    ),
    "dubaitelegraph": Site(
        "dubaitelegraph",
        "Dubai Telegraph",
        "DT",
        "Asia/Dubai",
        {"ar": {"ThingsToKnow": "أخبار", "Economy": "اقتصاد"}},
    ),
}
SITES.update(SISTERS)

#: The three stories: when they were published (UTC), their photo file and credit.
STORIES: dict[str, tuple[datetime, str, str]] = {
    "aubel": (datetime(2024, 11, 30, 6, 41, tzinfo=UTC), "afp-36nk4ld", "Soeren STACHE/AFP"),
    "kim": (datetime(2024, 11, 29, 21, 15, tzinfo=UTC), "afp-36nh8zx", "STR - KCNA VIA KNS/AFP"),
    "ecb": (datetime(2024, 11, 29, 10, 5, tzinfo=UTC), "afp-36nf2qa", "Kirill KUDRYAVTSEV/AFP"),
}


def _local(story: str, site: Site) -> datetime:
    """The story's publication instant as the site's naive wall-clock time."""
    return STORIES[story][0].astimezone(ZoneInfo(site.zone)).replace(tzinfo=None)


# (site, story) -> id, section, slug, headline, paragraphs, byline, caption, keywords
_TEXTS: dict[tuple[str, str], tuple[Any, ...]] = {
    ("muenchenerpost", "aubel"): (
        "711339",
        "Politik",
        "noosha-aubel-potsdam-amtsfuehrung-kritik",
        "Noosha Aubel: Ist sie den Problemen Potsdams gewachsen?",
        (
            "Ein Jahr nach ihrem Amtsantritt steht Potsdams Oberbürgermeisterin Noosha Aubel "
            "wegen steigender Mieten und eines Haushaltslochs von 48 Millionen Euro in der Kritik.",
            "Die Opposition im Stadtrat wirft ihr vor, den Wohnungsbau zu langsam voranzutreiben. "
            "Bis 2026 sollten 3.000 neue Wohnungen entstehen, bisher sind es weniger als 900.",
            "Aubel verteidigte ihre Bilanz am Freitag vor Journalisten. „Wir haben die Finanzen "
            "geordnet und investieren in Schulen“, sagte sie.",
            "Die Landeshauptstadt mit rund 185.000 Einwohnern wächst seit Jahren schneller als "
            "ihre Infrastruktur.",
        ),
        "C.Müller--MP",
        "Noosha Aubel im Potsdamer Rathaus",
        ("Potsdam", "Noosha Aubel", "Kommunalpolitik"),
    ),
    ("muenchenerpost", "kim"): (
        "712340",
        "Politik",
        "kim-jong-un-sichert-moskau-zusammenarbeit-zu",
        "Staatsmedien: Nordkoreas Machthaber sichert Moskau einen Ausbau der Zusammenarbeit zu",
        (
            "Der nordkoreanische Machthaber Kim Jong Un hat Russland nach Angaben der "
            "Staatsmedien einen weiteren Ausbau der Zusammenarbeit zugesichert.",
            "Bei einem Treffen mit einer Delegation aus Moskau sprach Kim am Freitag von einer "
            "„unbesiegbaren Freundschaft“ zwischen beiden Ländern.",
            "Südkorea und die USA werfen Pjöngjang vor, mehr als 10.000 Soldaten nach Russland "
            "geschickt zu haben.",
        ),
        "J.Weber/C.Müller--MP",
        "Kim Jong Un bei einem Treffen in Pjöngjang",
        ("Nordkorea", "Russland"),
    ),
    ("muenchenerpost", "ecb"): (
        "713021",
        "Wirtschaft",
        "inflation-euroraum-november-2-3-prozent",
        "Inflation im Euroraum steigt im November auf 2,3 Prozent",
        (
            "Die Inflation im Euroraum ist im November auf 2,3 Prozent gestiegen, wie die "
            "Statistikbehörde Eurostat am Freitag in Luxemburg mitteilte.",
            "Im Oktober hatte die Teuerung noch bei 2,0 Prozent gelegen. Ökonomen hatten mit "
            "dem Anstieg gerechnet.",
            "Die Europäische Zentralbank entscheidet am 12. Dezember über ihre Leitzinsen; "
            "eine weitere Senkung um 0,25 Punkte gilt als wahrscheinlich.",
        ),
        "K.Schmidt--MP",
        "Der Sitz der Europäischen Zentralbank in Frankfurt",
        ("Inflation", "EZB", "Eurozone"),
    ),
    ("athensnews", "aubel"): (
        "712679",
        "Politics",
        "noosha-aubel-greece-potsdam",
        "Νούσα Άουμπελ: Είναι στο ύψος των προβλημάτων του Πότσδαμ;",
        (
            "Έναν χρόνο μετά την ανάληψη των καθηκόντων της, η δήμαρχος του Πότσδαμ Νούσα "
            "Άουμπελ δέχεται κριτική για τα αυξανόμενα ενοίκια και ένα έλλειμμα 48 εκατ. ευρώ.",
            "Η αντιπολίτευση στο δημοτικό συμβούλιο την κατηγορεί ότι προχωρά πολύ αργά την "
            "κατασκευή κατοικιών. Έως το 2026 θα έπρεπε να έχουν χτιστεί 3.000 νέα διαμερίσματα.",
            "Η Άουμπελ υπερασπίστηκε τον απολογισμό της την Παρασκευή ενώπιον δημοσιογράφων. "
            "«Βάλαμε τάξη στα οικονομικά και επενδύουμε στα σχολεία», δήλωσε.",
            "Η πρωτεύουσα του κρατιδίου, με περίπου 185.000 κατοίκους, αναπτύσσεται εδώ και "
            "χρόνια ταχύτερα από τις υποδομές της.",
        ),
        "Α.Παπαδόπουλος--AN",
        "Η Νούσα Άουμπελ στο δημαρχείο του Πότσδαμ",
        ("Πότσδαμ", "Γερμανία"),
    ),
    ("athensnews", "kim"): (
        "713544",
        "Politics",
        "kim-jong-oun-moscha-synergasia",
        "Κρατικά μέσα: Ο Κιμ Γιονγκ Ουν υπόσχεται στη Μόσχα στενότερη συνεργασία",
        (
            "Ο ηγέτης της Βόρειας Κορέας Κιμ Γιονγκ Ουν διαβεβαίωσε τη Ρωσία για περαιτέρω "
            "ενίσχυση της συνεργασίας, σύμφωνα με τα κρατικά μέσα ενημέρωσης.",
            "Σε συνάντηση με αντιπροσωπεία από τη Μόσχα την Παρασκευή, ο Κιμ μίλησε για "
            "«ακατανίκητη φιλία» μεταξύ των δύο χωρών.",
            "Η Νότια Κορέα και οι ΗΠΑ κατηγορούν την Πιονγκγιάνγκ ότι έστειλε περισσότερους "
            "από 10.000 στρατιώτες στη Ρωσία.",
        ),
        "Μ.Γεωργίου/Α.Παπαδόπουλος--AN",
        "Ο Κιμ Γιονγκ Ουν σε συνάντηση στην Πιονγκγιάνγκ",
        ("Βόρεια Κορέα", "Ρωσία"),
    ),
    ("athensnews", "ecb"): (
        "714002",
        "Economy",
        "plithorismos-evrozoni-noemvrios",
        "Στο 2,3% ανέβηκε ο πληθωρισμός στην ευρωζώνη τον Νοέμβριο",
        (
            "Ο πληθωρισμός στην ευρωζώνη αυξήθηκε στο 2,3% τον Νοέμβριο, ανακοίνωσε την "
            "Παρασκευή η στατιστική υπηρεσία Eurostat στο Λουξεμβούργο.",
            "Τον Οκτώβριο ο πληθωρισμός βρισκόταν στο 2,0%. Οι οικονομολόγοι ανέμεναν την άνοδο.",
            "Η Ευρωπαϊκή Κεντρική Τράπεζα αποφασίζει για τα επιτόκια στις 12 Δεκεμβρίου· νέα "
            "μείωση κατά 0,25 μονάδες θεωρείται πιθανή.",
        ),
        "Ν.Κωνσταντίνου--AN",
        "Η έδρα της Ευρωπαϊκής Κεντρικής Τράπεζας στη Φρανκφούρτη",
        ("Πληθωρισμός", "ΕΚΤ"),
    ),
    ("courieregypte", "aubel"): (
        "712509",
        "Politics",
        "noosa-aubel-smozet-li-ona-spravitsya-s-problemami-potsdama",
        "Нооша Аубель: сможет ли она справиться с проблемами Потсдама?",
        (
            "Через год после вступления в должность мэр Потсдама Нооша Аубель подвергается "
            "критике из-за роста арендной платы и дефицита бюджета в 48 миллионов евро.",
            "Оппозиция в городском совете обвиняет её в слишком медленном строительстве жилья. "
            "К 2026 году должно было появиться 3.000 новых квартир.",
            "В пятницу Аубель защитила свои результаты перед журналистами. «Мы навели порядок "
            "в финансах и инвестируем в школы», — сказала она.",
            "Столица федеральной земли с населением около 185.000 человек уже много лет растёт "
            "быстрее своей инфраструктуры.",
        ),
        "И.Петрова--CE",
        "Нооша Аубель в ратуше Потсдама",
        ("Потсдам", "Германия"),
    ),
    ("courieregypte", "kim"): (
        "713410",
        "Politics",
        "kim-chen-yn-obeshchaet-moskve-sotrudnichestvo",
        "ГосСМИ: Ким Чен Ын пообещал Москве расширить сотрудничество",
        (
            "Лидер КНДР Ким Чен Ын заверил Россию в дальнейшем расширении сотрудничества, "
            "сообщили государственные СМИ.",
            "На встрече с делегацией из Москвы в пятницу Ким говорил о «непобедимой дружбе» "
            "двух стран.",
            "Южная Корея и США обвиняют Пхеньян в отправке в Россию более 10.000 военных.",
        ),
        "А.Смирнов/И.Петрова--CE",
        "Ким Чен Ын на встрече в Пхеньяне",
        ("КНДР", "Россия"),
    ),
    ("courieregypte", "ecb"): (
        "714118",
        "Economy",
        "inflyatsiya-v-evrozone-2-3-protsenta",
        "Инфляция в еврозоне в ноябре выросла до 2,3%",
        (
            "Инфляция в еврозоне в ноябре выросла до 2,3%, сообщило в пятницу статистическое "
            "ведомство Eurostat в Люксембурге.",
            "В октябре рост цен составлял 2,0%. Экономисты ожидали ускорения.",
            "Европейский центральный банк примет решение по ставкам 12 декабря; вероятным "
            "считается снижение на 0,25 пункта.",
        ),
        "Д.Волков--CE",
        "Здание Европейского центрального банка во Франкфурте",
        ("Инфляция", "ЕЦБ"),
    ),
    ("thejapantimes", "aubel"): (
        "712325",
        "Politics",
        "noosha-aubel-japanese",
        "ノーシャ・アウベル氏、ポツダムの課題に対応できるか",
        (
            "ドイツ東部ポツダムのノーシャ・アウベル市長は、就任から1年、家賃の上昇と、"
            "4800万ユーロの財政赤字をめぐり、批判を受けている。",
            "市議会の野党は、住宅建設が遅すぎると批判している。2026年までに、3000戸の新築住宅を、"
            "建設する計画だったが、完成は900戸に満たない。",
            "アウベル市長は、金曜日、記者団に対し、「財政を立て直し、学校に投資している」と述べ、"
            "実績を擁護した。",
            "人口約18万5000人の州都は、長年、インフラの整備を上回る速さで、成長を続けている。",
        ),
        "K.Sato--JT",
        "ポツダム市庁舎のノーシャ・アウベル市長",
        ("ポツダム", "ドイツ"),
    ),
    ("thejapantimes", "kim"): (
        "713377",
        "Politics",
        "kim-jong-un-russia-cooperation-japanese",
        "北朝鮮の金正恩氏、ロシアとの協力拡大を約束 国営メディア",
        (
            "北朝鮮の国営メディアによると、金正恩総書記は、ロシアとの協力を、"
            "さらに拡大すると約束した。",
            "金氏は、金曜日、モスクワからの代表団と会談し、両国の「不敗の友情」を強調した。",
            "韓国と米国は、北朝鮮が、1万人以上の兵士を、ロシアに派遣したと非難している。",
            "会談には、政府の高官や、軍の幹部らも同席したという。",
        ),
        "H.Yamada/K.Sato--JT",
        "平壌での会談に臨む金正恩総書記",
        ("北朝鮮", "ロシア"),
    ),
    ("thejapantimes", "ecb"): (
        "714255",
        "Economy",
        "eurozone-inflation-november-japanese",
        "ユーロ圏の11月インフレ率、2.3%に上昇",
        (
            "欧州連合統計局は、金曜日、ユーロ圏の11月の消費者物価上昇率が、2.3%になったと、"
            "発表した。",
            "10月の上昇率は、2.0%だった。エコノミストらは、加速を予想していた。",
            "欧州中央銀行は、12月12日に、政策金利を決める。0.25ポイントの追加利下げが、"
            "有力視されている。",
            "市場では、来年の景気について、慎重な見方も広がっている。",
        ),
        "T.Suzuki--JT",
        "フランクフルトの欧州中央銀行本店",
        ("インフレ", "欧州中央銀行"),
    ),
    ("dubaitelegraph", "aubel"): (
        "708194",
        "ThingsToKnow",
        "noosha-aubel-arabic-potsdam",
        "نوشا أوبل: هل هي على مستوى تحديات بوتسدام؟",
        (
            "بعد عام على توليها منصبها، تواجه رئيسة بلدية بوتسدام نوشا أوبل انتقادات بسبب "
            "ارتفاع الإيجارات وعجز في الميزانية قدره 48 مليون يورو.",
            "وتتهمها المعارضة في مجلس المدينة بالبطء في بناء المساكن، إذ كان من المقرر بناء "
            "3.000 شقة جديدة بحلول عام 2026.",
            "ودافعت أوبل عن حصيلتها أمام الصحافيين يوم الجمعة قائلة: «أعدنا ترتيب المالية "
            "ونستثمر في المدارس».",
            "وتنمو عاصمة الولاية التي يبلغ عدد سكانها نحو 185.000 نسمة منذ سنوات بوتيرة "
            "أسرع من بنيتها التحتية.",
        ),
        "S.Haddad--DT",
        "نوشا أوبل في مبنى بلدية بوتسدام",
        ("بوتسدام", "ألمانيا"),
    ),
    ("dubaitelegraph", "kim"): (
        "709312",
        "ThingsToKnow",
        "kim-jong-un-moscow-arabic",
        "وسائل إعلام رسمية: كيم جونغ أون يتعهد لموسكو بتوسيع التعاون",
        (
            "تعهد الزعيم الكوري الشمالي كيم جونغ أون لروسيا بمواصلة توسيع التعاون بين "
            "البلدين، وفق وسائل الإعلام الرسمية.",
            "وتحدث كيم خلال لقائه وفدا من موسكو يوم الجمعة عن «صداقة لا تقهر» بين البلدين.",
            "وتتهم كوريا الجنوبية والولايات المتحدة بيونغ يانغ بإرسال أكثر من 10.000 جندي "
            "إلى روسيا.",
        ),
        "R.Nasser/S.Haddad--DT",
        "كيم جونغ أون خلال لقاء في بيونغ يانغ",
        ("كوريا الشمالية", "روسيا"),
    ),
    ("dubaitelegraph", "ecb"): (
        "710087",
        "Economy",
        "eurozone-inflation-arabic",
        "التضخم في منطقة اليورو يرتفع إلى 2,3% في نوفمبر",
        (
            "ارتفع معدل التضخم في منطقة اليورو إلى 2,3% في نوفمبر، وفق ما أعلن مكتب "
            "الإحصاءات الأوروبي يوروستات الجمعة في لوكسمبورغ.",
            "وكان التضخم قد بلغ 2,0% في أكتوبر، فيما توقع الاقتصاديون هذا الارتفاع.",
            "ويقرر البنك المركزي الأوروبي أسعار الفائدة في 12 ديسمبر، ويرجح خفضها بمقدار "
            "0,25 نقطة.",
        ),
        "L.Mansour--DT",
        "مقر البنك المركزي الأوروبي في فرانكفورت",
        ("التضخم", "البنك المركزي الأوروبي"),
    ),
}


def _articles() -> dict[str, tuple[Article, ...]]:
    found: dict[str, list[Article]] = {name: [] for name in SISTERS}
    for j, name in enumerate(SISTERS):
        site = SISTERS[name]
        for i, story in enumerate(STORIES):
            number, section, slug, headline, paragraphs, byline, caption, keywords = _TEXTS[
                (name, story)
            ]
            _, photo_file, credit = STORIES[story]
            found[name].append(
                Article(
                    article_id=number,
                    section=section,
                    language=site.default_language,
                    slug=slug,
                    headline=headline,
                    paragraphs=paragraphs,
                    byline=byline,
                    photo=Photo(f"/media/fotos/2024/11/{photo_file}.jpg", caption, credit),
                    published=_local(story, site),
                    keywords=keywords,
                    variant=VARIANTS[(2 * i + j) % len(VARIANTS)],
                    site=name,
                )
            )
    return {name: tuple(articles) for name, articles in found.items()}


#: Each sister site's articles, newest first.
NETWORK_ARTICLES: dict[str, tuple[Article, ...]] = _articles()


def expected_items(site: str, base_url: str) -> list[dict[str, Any]]:
    """What a correct crawl of one replica sister site yields, in publication order."""
    return [expected_item(article, base_url) for article in NETWORK_ARTICLES[site]]


# -- building and serving ------------------------------------------------------------------


def _page(site: Site, language: str, title: str, main: str, og_type: str = "website") -> str:
    metas = meta_tags([("property", "og:title", title), ("property", "og:type", og_type)])
    return f"""<!DOCTYPE html>
<html lang="{LABELS[language]["lang"]}">
{head(title, '<meta charset="utf-8">', metas, site_title=site.title)}
<body>
{site_header(language, site=site)}
{ticker(language)}
<main class="container">
{main}
</main>
{footer(language, site.title)}
</body>
</html>
"""


def _teasers(articles: Iterable[Article]) -> str:
    return "\n".join(
        f'<li class="news-item"><time datetime="{a.iso(a.published)}"></time>'
        f'<a href="{a.path}">{esc(a.headline)}</a></li>'
        for a in articles
    )


def build_network_site(root: Path, name: str, base_url: str) -> None:
    """One sister site as static files: articles, home, sections, robots, sitemap, RSS."""
    site, articles = SISTERS[name], NETWORK_ARTICLES[name]
    base = base_url.rstrip("/")
    language = site.default_language
    for article in articles:
        related = [(a.path, a.headline) for a in articles if a is not article]
        page = render_article(article, base, related)
        _write(root, article.path, page.encode(page_encoding(article), "xmlcharrefreplace"))
    for section, label in site.sections[language].items():
        mine = [a for a in articles if a.section == section]
        main = f'<h1 class="section-title">{esc(label)}</h1>\n<ul>\n{_teasers(mine)}\n</ul>'
        html = _page(site, language, f"{site.title} - {label}", main)
        _write(root, f"/{section}/index.html", html.encode())
    home = _page(site, language, site.title, f"<ul class='top-news'>\n{_teasers(articles)}\n</ul>")
    _write(root, "/index.html", home.encode())
    robots = f"User-agent: *\nDisallow: /privado/\n\nSitemap: {base}/sitemap.xml\n"
    _write(root, "/robots.txt", robots.encode())
    _write(root, "/sitemap.xml", sitemap(base, articles).encode())
    _write(root, "/rss.xml", rss(base, articles, site.title, LABELS[language]["lang"]).encode())
    image = jpeg()
    for article in articles:
        for photo in article.photos:
            _write(root, photo.path, image)


def _write(root: Path, path: str, data: bytes) -> None:
    target = root / path.lstrip("/")
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data)


class NetworkReplica:
    """The sister sites, each on its own free port of 127.0.0.1; ``base_urls`` by name."""

    def __init__(self, names: Sequence[str] = tuple(SISTERS)) -> None:
        self.root = Path(tempfile.mkdtemp(prefix="network-"))
        self.servers: dict[str, ReplicaServer] = {}
        try:
            for name in names:
                folder = self.root / name
                folder.mkdir()
                server = ReplicaServer(folder, articles=NETWORK_ARTICLES[name])
                self.servers[name] = server
                build_network_site(folder, name, server.base_url)
        except BaseException:
            self.stop()
            raise

    @property
    def base_urls(self) -> dict[str, str]:
        return {name: server.base_url for name, server in self.servers.items()}

    def requests(self, name: str) -> list[str]:
        return self.servers[name].requests

    def clear_logs(self) -> None:
        """Forget every site's requests: a test counts only its own."""
        for server in self.servers.values():
            server.clear_log()

    def stop(self) -> None:
        for server in self.servers.values():
            server.stop()
        shutil.rmtree(self.root, ignore_errors=True)

    def __enter__(self) -> NetworkReplica:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.stop()
