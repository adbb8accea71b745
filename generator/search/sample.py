"""A small sample archive of real Swedish minutes text (from the seed minutes), for tests.

Three bodies, four years, both statuses, numbered and paragraph-numbered items: enough for the
browser tests to check stemming, prefix search, filters and links as a citizen would.
"""

from __future__ import annotations

from generator.search import SearchDocument

KC = ("umearegionen-kc", "Kommunchefsgruppen, Umeåregionen")
KDG = ("skane-nordvast-kdg", "Kommundirektörsgruppen, Skåne Nordväst")
JLL = ("jamtland-samverkan", "Samverkanstid kommuner, Region och Länsstyrelse, Kommunförbundet Jämtlands län")


def _doc(body: tuple[str, str], date: str, status: str, number: str, anchor: str, title: str,
         text: str) -> SearchDocument:
    slug, name = body
    return SearchDocument(ref=f"{slug}/{date}#{anchor}", url=f"{slug}/{date}.html#{anchor}", body=slug,
                          body_name=name, date=date, status=status, item_number=number, title=title,
                          text=text)


SAMPLE_DOCUMENTS: tuple[SearchDocument, ...] = (
    _doc(KC, "2017-08-17", "ojusterat", "2", "punkt-2", "Föregående möten",
         "Föregående möte 2017-06-08 ställdes in men några ärenden hanterades per mail. "
         "Kommunchefgruppen resonerade kring samordning av samhällsorienteringen. Idag har "
         "samhällsorienteringen för samtliga kommuner, utom Örnsköldsvik, sitt säte i Umeå och "
         "bedrivs enligt det avtal som tecknades i februari 2015. Lisa informerade kort om att "
         "Monica Jonsson, flyktingsamordnare i Bjurholm, är sammankallande i samarbetsgruppen för "
         "flyktingmottagning."),
    _doc(KC, "2017-08-17", "ojusterat", "3", "punkt-3",
         "Överförmyndare – förändrade avtal för handläggning av ensamkommande barn och unga",
         "Åsa Pålsson Stråe, chef för överförmyndarverksamheten, närvarade för att kortfattat "
         "presentera nuläge samt bakgrund och förslag till tillägg till nuvarande avtal. "
         "Kommunchefgruppen beslutade att tillägget till avtalet undertecknas i samband med "
         "regionrådsmötet 2017-08-30."),
    _doc(KC, "2017-08-17", "ojusterat", "4", "punkt-4", "PA-systemet – status",
         "Kommunchefsgruppen resonerade om läget i införandet av nytt PA-system. Det konstaterades "
         "att Visma levererar enligt plan. Visma står för huvudprojektledning och bär ansvaret för "
         "att leverera tydligt och trovärdigt underlag för driftstart för etapp 2 och etapp 3."),
    _doc(KC, "2017-08-17", "ojusterat", "6.2", "punkt-6-2", "Brottsofferjouren",
         "Brottsofferjouren i Umeåregionen söker fortsatt finansiering. Kommuncheferna tar med sig "
         "frågan till respektive kommun. Workshop på café Station den 12 oktober."),
    _doc(KC, "2013-05-15", "justerat", "3", "punkt-3", "Undersökning UNGA13",
         "Umeåregionens folkhälsogrupp föreslår att samtliga kommuner i regionen deltar i UNGA13, "
         "en undersökning som vänder sig till elever i högstadiet och gymnasiet. Kostnaden för en "
         "kommun är 30 kr per lösenord. Kommunchefsgruppen fattade beslut om deltagande."),
    _doc(KC, "2013-05-15", "justerat", "4", "punkt-4", "Samverkan inom IT-området",
         "Projektdirektiv för samverkan inom IT-området presenterades. Kommunchefsgruppen ställer "
         "sig bakom projektdirektivet."),
    _doc(KDG, "2015-06-12", "justerat", "§ 18", "paragraf-18", "Utredning forum hälso- och sjukvård",
         "Kommundirektörsgruppen beslutar att ge kansliet i uppdrag att utreda ett forum för hälso- "
         "och sjukvård. Kommundirektörerna beslutade att återkomma i frågan i september."),
    _doc(KDG, "2015-06-12", "justerat", "§ 19", "paragraf-19", "Kollektivtrafik",
         "Information om kollektivtrafiken i Skåne Nordväst och avtalen med Skånetrafiken. "
         "Kommundirektörsgruppen noterar informationen."),
    _doc(KDG, "2015-08-28", "ojusterat", "2", "punkt-2", "Gemensamma e-tjänster",
         "Helsingborgs stad har kommit ganska långt med sin leverantör av e-tjänsteplattformen. De "
         "övriga kommunerna i Skåne nordväst kan dra nytta av Helsingborgs insatser för att få en "
         "skjuts fram i sin digitalisering. Beslut: att ställa sig positivt till erbjudandet."),
    _doc(KDG, "2015-08-28", "ojusterat", "4", "punkt-4", "Sjukvårdsavtalet",
         "Föreligger förslag från Region Skåne angående en gränssnittsöverenskommelse utifrån ett "
         "nytt Hälso- och sjukvårdsavtal. Förslaget till det nya avtalet, ett utvecklingsavtal, "
         "upplevs inte innehålla en bra bild av hur det kommer att påverka kommunernas ekonomi."),
    _doc(KDG, "2015-08-28", "ojusterat", "5", "punkt-5", "Information om Greater Copenhagen",
         "Palle Lundberg redovisade prioriteringarna i en framtida gemensam organisation för det "
         "regionala näringslivspolitiska samarbetet Greater Copenhagen & Skåne Committee."),
    _doc(JLL, "2024-10-21", "justerat", "§ 15", "paragraf-15", "Mötets öppnande",
         "Ordföranden öppnar mötet och hälsar alla välkomna. Dagordningen godkänns."),
    _doc(JLL, "2024-10-21", "justerat", "§ 17", "paragraf-17", "Flyktingmottagning i länet",
         "Länsstyrelsen informerar om flyktingmottagningen i Jämtlands län och kommunernas "
         "mottagande 2025. Kommunerna ser över boende och skola för nyanlända."),
)
