"""German stories of the replica (agency copy written for these tests), served under ``/de/``."""

from __future__ import annotations

from datetime import datetime as dt

from .model import Article, Photo, media_path, paras

_KOREA = "Staatsmedien: Nordkorea meldet Test eines neuen Raketentriebwerks"

GERMAN: tuple[Article, ...] = (
    Article(
        "711001",
        "Politik",
        "de",
        "nordkorea-meldet-test-eines-neuen-raketentriebwerks",
        _KOREA,
        paras("""
            Nordkorea hat Staatsmedien zufolge ein neues Feststofftriebwerk für Langstreckenraketen
            getestet. Der Test sei "erfolgreich" verlaufen und diene der Stärkung der Abschreckung,
            berichtete die amtliche Nachrichtenagentur KCNA am Samstag.

            Machthaber Kim Jong Un habe den Versuch persönlich beaufsichtigt und die beteiligten
            Wissenschaftler gelobt, hieß es weiter. Unabhängig überprüfen ließen sich die Angaben
            nicht.

            Südkoreas Generalstab erklärte, man beobachte die Aktivitäten im Norden genau und stimme
            sich eng mit den USA und Japan ab. Das Außenministerium in Seoul sprach von einer
            „bewussten Provokation“.

            Die Vereinten Nationen haben Nordkorea Tests ballistischer Raketen untersagt. Pjöngjang
            weist die Resolutionen des Sicherheitsrates als Eingriff in seine Souveränität zurück.
        """),
        "A.Seabra--PC",
        Photo(media_path("711001", "2024-11"), _KOREA, "STR - KCNA VIA KNS/AFP"),
        dt(2024, 11, 30, 7, 41),
        dt(2024, 11, 30, 9, 2),
        ("Nordkorea", "Rüstung", "Südkorea"),
    ),
    Article(
        "711014",
        "Politik",
        "de",
        "kreml-weist-berichte-ueber-truppenverlegung-zurueck",
        "Kreml weist Berichte über Truppenverlegung an finnische Grenze zurück",
        paras("""
            Der Kreml hat Berichte über eine Verlegung zusätzlicher Truppen an die Grenze zu
            Finnland zurückgewiesen. Es handle sich um "routinemäßige Übungen", sagte ein Sprecher
            am Freitag in Moskau.

            Finnlands Verteidigungsministerium hatte zuvor erklärt, man beobachte eine erhöhte
            Aktivität auf der russischen Seite der 1340 Kilometer langen Grenze. Eine unmittelbare
            Bedrohung sehe man jedoch nicht.

            Finnland war im vergangenen Jahr der Nato beigetreten. Moskau hatte daraufhin
            „Gegenmaßnahmen“ angekündigt, ohne diese näher zu erläutern.
        """),
        "L.Barros--PC",
        Photo(
            media_path("711014", "2024-07"), "Der Kreml in Moskau", "Kirill KUDRYAVTSEV/AFP/Archiv"
        ),
        dt(2024, 7, 5, 13, 10),
        None,
        ("Russland", "Finnland", "Nato"),
        variant="figure",
    ),
    Article(
        "711027",
        "Politik",
        "de",
        "laender-fordern-mehr-geld-fuer-unterbringung",
        "Länder fordern vom Bund mehr Geld für Unterbringung von Geflüchteten",
        paras("""
            Die Bundesländer verlangen vom Bund eine stärkere finanzielle Beteiligung an den Kosten
            für die Unterbringung und Versorgung von Geflüchteten. Die bisherige Pauschale reiche
            bei weitem nicht aus, heißt es in einem Beschlusspapier der
            Ministerpräsidentenkonferenz.

            Die Kommunen stießen vielerorts an ihre Grenzen, sagte der Vorsitzende der Konferenz am
            Donnerstag. „Wir brauchen eine verlässliche Finanzierung, die sich an den tatsächlichen
            Zugangszahlen orientiert.“

            Das Bundesfinanzministerium verwies auf die bereits zugesagten Mittel in Höhe von
            mehreren Milliarden Euro. Weitere Zahlungen seien angesichts der angespannten
            Haushaltslage schwer darstellbar.

            Die Gespräche sollen im Juni bei einem Treffen mit dem Bundeskanzler fortgesetzt werden.
        """),
        "M.Costa--PC",
        Photo(
            media_path("711027", "2024-05"),
            "Eine Erstaufnahmeeinrichtung in Baden-Württemberg",
            "Thomas KIENZLE/AFP/Archiv",
        ),
        dt(2024, 5, 16, 10, 0),
        None,
        ("Migration", "Bund-Länder", "Finanzen"),
        variant="legacy",
    ),
    Article(
        "711035",
        "Politik",
        "de",
        "verfassungsgericht-verhandelt-ueber-wahlrechtsreform",
        "Verfassungsgericht verhandelt über Klagen gegen Wahlrechtsreform",
        paras("""
            Das Bundesverfassungsgericht in Karlsruhe verhandelt seit Dienstag über mehrere Klagen
            gegen die Reform des Bundestagswahlrechts. Ziel der Reform ist eine dauerhafte
            Verkleinerung des Parlaments auf 630 Abgeordnete.

            Die Kläger sehen insbesondere im Wegfall der sogenannten Grundmandatsklausel einen
            Verstoß gegen die Chancengleichheit der Parteien. Die Bundesregierung verteidigte die
            Neuregelung als „verfassungsgemäß und überfällig“.

            Ein Urteil wird erst in einigen Monaten erwartet. Es könnte bereits für die nächste
            Bundestagswahl von Bedeutung sein.
        """),
        "R.Fonseca--PC",
        None,
        dt(2024, 4, 23, 9, 30),
        dt(2024, 4, 23, 14, 0),
        ("Wahlrecht", "Bundesverfassungsgericht", "Bundestag"),
        variant="microdata",
    ),
    Article(
        "711048",
        "Politik",
        "de",
        "kommunen-warnen-vor-finanzluecke-bei-ganztagsbetreuung",
        "Kommunen warnen vor Finanzlücke beim Ausbau der Ganztagsbetreuung",
        paras("""
            Die kommunalen Spitzenverbände warnen vor einer Milliardenlücke beim Ausbau der
            Ganztagsbetreuung an Grundschulen. Ab 2026 haben Eltern schrittweise einen
            Rechtsanspruch auf einen Betreuungsplatz für ihre Kinder.

            „Der Rechtsanspruch droht zu einem leeren Versprechen zu werden“, sagte ein Sprecher des
            Städtetags. Es fehle nicht nur an Räumen, sondern vor allem an Fachkräften.

            Das Bundesbildungsministerium verwies auf die bereitgestellten Investitionsmittel. Für
            den Betrieb seien nach der Verfassung die Länder zuständig.

            Nach Schätzungen der Verbände fehlen bundesweit mehrere zehntausend Erzieherinnen und
            Erzieher. Gewerkschaften fordern bessere Arbeitsbedingungen in dem Beruf.
        """),
        "J.Pereira--PC",
        None,
        dt(2024, 2, 14, 16, 45),
        None,
        ("Bildung", "Kommunen", "Ganztag"),
        variant="figure",
    ),
    Article(
        "711101",
        "Wirtschaft",
        "de",
        "ifo-geschaeftsklima-sinkt-zum-dritten-mal-in-folge",
        "Ifo-Geschäftsklima sinkt zum dritten Mal in Folge",
        paras("""
            Die Stimmung in der deutschen Wirtschaft hat sich im August erneut eingetrübt. Der
            Ifo-Geschäftsklimaindex fiel auf 86,6 Punkte, nach 87,0 Punkten im Juli, wie das
            Münchner Ifo-Institut am Montag mitteilte.

            Die Unternehmen beurteilten sowohl ihre aktuelle Lage als auch die Aussichten für die
            kommenden Monate schlechter, erklärte das Institut. Besonders deutlich fiel der
            Rückgang in der Industrie aus.

            Im Handel und im Dienstleistungssektor zeigte sich ein gemischtes Bild. Die Baubranche
            meldete dagegen eine leichte Erholung, allerdings von einem sehr niedrigen Niveau aus.

            Ökonomen rechnen für das dritte Quartal bestenfalls mit einer Stagnation -- eine
            Rezession sei nicht ausgeschlossen, hieß es aus mehreren Banken.
        """),
        "M.Costa/R.Fonseca--PC",
        Photo(
            media_path("711101", "2024-08"),
            "Containerterminal im Hamburger Hafen",
            "Axel HEIMKEN/AFP/Archiv",
        ),
        dt(2024, 8, 26, 10, 5),
        None,
        ("Konjunktur", "Ifo", "Industrie"),
    ),
    Article(
        "711114",
        "Wirtschaft",
        "de",
        "inflationsrate-sinkt-unter-zwei-prozent",
        "Inflationsrate in Deutschland sinkt unter zwei Prozent",
        paras("""
            Die Inflationsrate in Deutschland ist im September erstmals seit mehr als drei Jahren
            unter die Marke von zwei Prozent gefallen. Die Verbraucherpreise lagen um 1,6 Prozent
            über dem Niveau des Vorjahresmonats, wie das Statistische Bundesamt mitteilte.

            Ausschlaggebend waren vor allem die deutlich gesunkenen Energiepreise. Heizöl und
            Kraftstoffe verbilligten sich spürbar, während Nahrungsmittel nur moderat teurer wurden.

            Die sogenannte Kerninflation ohne Energie und Lebensmittel blieb mit 2,7 Prozent
            allerdings hartnäckig. Dienstleistungen verteuerten sich weiterhin überdurchschnittlich.

            Volkswirte erwarten, dass die Europäische Zentralbank ihren Kurs der Zinssenkungen
            fortsetzt. „Der Weg für eine weitere Lockerung ist frei“, schrieb ein Analyst.
        """),
        "J.Pereira/L.Barros--PC",
        Photo(
            media_path("711114", "2024-10"),
            "Obststand auf einem Wochenmarkt in Berlin",
            "Tobias SCHWARZ/AFP",
        ),
        dt(2024, 10, 1, 12, 0),
        None,
        ("Inflation", "Verbraucherpreise", "EZB"),
        variant="microdata",
    ),
    Article(
        "711127",
        "Wirtschaft",
        "de",
        "autozulieferer-kuendigt-stellenabbau-an",
        "Autozulieferer kündigt Abbau Tausender Stellen an",
        paras("""
            Ein großer deutscher Autozulieferer will in den kommenden Jahren weltweit mehrere
            tausend Stellen streichen. Grund seien die schwache Nachfrage nach Elektroautos und der
            wachsende Wettbewerbsdruck aus Asien, teilte das Unternehmen am Dienstag mit.

            Betroffen seien vor allem die Verwaltung und die Entwicklung an deutschen Standorten.
            Betriebsbedingte Kündigungen wolle man nach Möglichkeit vermeiden.

            Die IG Metall kündigte Widerstand an. „Die Beschäftigten dürfen nicht die Zeche für
            Managementfehler zahlen“, erklärte die Gewerkschaft.

            Die Branche steckt in einem tiefgreifenden Umbruch. Mehrere Hersteller und Zulieferer
            haben in den vergangenen Monaten Sparprogramme angekündigt.
        """),
        "A.Seabra--PC",
        Photo(
            media_path("711127", "2024-12"),
            "Fertigungsstraße in einem Autowerk in Sachsen",
            "Jens SCHLUETER/AFP/Archiv",
        ),
        dt(2024, 12, 10, 14, 25),
        None,
        ("Autoindustrie", "Stellenabbau", "IG Metall"),
        variant="figure",
    ),
    Article(
        "711201",
        "Welt",
        "de",
        "waldbraende-in-griechenland-tausende-in-sicherheit-gebracht",
        "Waldbrände in Griechenland: Tausende Menschen in Sicherheit gebracht",
        paras("""
            Wegen heftiger Waldbrände nördlich von Athen haben die griechischen Behörden tausende
            Menschen in Sicherheit gebracht. Starke Winde fachten die Flammen immer wieder an, wie
            der Zivilschutz am Montag mitteilte.

            Mehr als 600 Feuerwehrleute waren im Einsatz, unterstützt von Löschflugzeugen und
            Hubschraubern. Mehrere Ortschaften wurden vorsorglich geräumt.

            Die Regierung beantragte Hilfe über den EU-Katastrophenschutzmechanismus. Italien,
            Frankreich und Tschechien sagten die Entsendung von Einsatzkräften zu.

            Griechenland erlebt seit Wochen eine Hitzewelle mit Temperaturen von über 40 Grad.
            Experten sehen einen Zusammenhang mit dem Klimawandel, der Dürren häufiger macht.
        """),
        "L.Barros/A.Seabra--PC",
        Photo(
            media_path("711201", "2024-08"),
            "Ein Löschflugzeug über einem brennenden Wald nördlich von Athen",
            "Angelos TZORTZINIS/AFP",
        ),
        dt(2024, 8, 12, 18, 30),
        None,
        ("Griechenland", "Waldbrände", "Klimawandel"),
        variant="legacy",
    ),
    Article(
        "711214",
        "Welt",
        "de",
        "un-klimakonferenz-ringt-um-abschlusserklaerung",
        "UN-Klimakonferenz ringt in der Verlängerung um Abschlusserklärung",
        paras("""
            Die UN-Klimakonferenz ist in die Verlängerung gegangen. Auch am Samstagabend rangen
            die Delegierten noch um eine Einigung bei der Finanzierung von Klimaschutz und
            Anpassung in ärmeren Ländern.

            Ein neuer Entwurf der Präsidentschaft sieht höhere Zusagen der Industriestaaten vor
            als bisher. Mehrere Entwicklungsländer bezeichneten das Angebot dennoch als „völlig
            unzureichend“.

            Umweltverbände warfen einigen ölproduzierenden Staaten vor, Fortschritte bei der
            Abkehr von fossilen Brennstoffen zu blockieren. Die Konferenz müsse „ein klares
            Signal“ senden, forderte ein Sprecher.

            Beobachter rechneten mit einem Abschluss erst in der Nacht zum Sonntag.
        """),
        "R.Fonseca--PC",
        Photo(
            media_path("711214", "2024-11"),
            "Delegierte bei der Abschlusssitzung der UN-Klimakonferenz",
            "Alexander NEMENOV/AFP",
        ),
        dt(2024, 11, 23, 21, 15),
        None,
        ("Klima", "UN", "Klimakonferenz"),
        extra_photos=(
            Photo(
                media_path("711214", "2024-11", 2),
                "Aktivisten protestieren vor dem Konferenzgebäude",
                "Kirill KUDRYAVTSEV/AFP",
            ),
        ),
    ),
)
