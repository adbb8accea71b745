"""Synthetic Swedish archives for the ranking tests and bench/search_bench.py.

Words come from the real minutes (inflected forms included, so stemming matters) and are drawn
with a Zipf-like distribution, so a few words are in most items and most words in few: the shape
that decides how big postings get. Deterministic for a given seed.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import date, timedelta

from generator.search import SearchDocument

BODIES = (
    ("umearegionen-kc", "Kommunchefsgruppen, Umeåregionen"),
    ("umearegionen-rr", "Regionrådet, Umeåregionen"),
    ("skane-nordvast-kdg", "Kommundirektörsgruppen, Skåne Nordväst"),
    ("jamtland-samverkan", "Samverkanstid kommuner, Region och Länsstyrelse, Jämtlands län"),
    ("vasterbotten-kf", "Kommunfullmäktige, Västerbottens län"),
)

# From the seed minutes; ordered roughly from common to rare.
WORDS = """
kommunen kommunerna kommun beslut beslutade beslutar avtal avtalet avtalen arbetet arbete
information informerade regionen regionrådet kommunchefsgruppen kommuncheferna kommunchef
mötet möte mötets förslag förslaget förslagen ärendet ärenden ärende samverkan samverka
frågan frågor fråga underlag underlaget bilaga bilagor protokoll protokollet anteckningar
gruppen grupp gruppens uppdrag uppdraget uppdras redovisa redovisas redovisning
budget budgeten kostnader kostnad kronor finansiering finansieras medel medlen
flyktingmottagning flyktingmottagningen flyktingsamordnare mottagande ensamkommande barn unga
samhällsorientering samhällsorienteringen integration integrationsstrategi
upphandling upphandlingen upphandlat leverantör leverantören Visma systemet system införandet
överförmyndare överförmyndarverksamheten handläggning debitering tillägg tillägget
konsumentvägledning konsumentvägledningen undertecknande undertecknas undertecknat
infrastruktur infrastrukturstrategi bredband digitalisering digitala e-tjänster
kollektivtrafik trafiken tåg järnväg Norrbotniabanan resor resan bokas
näringsliv näringslivet företag företagen tillväxt arbetsmarknad arbetsmarknaden
skola skolan skolor förskola utbildning gymnasiet vuxenutbildning kompetens kompetensförsörjning
socialtjänst socialtjänsten äldreomsorg omsorg hemtjänst vård hälso sjukvård sjukvården
region regionens länsstyrelsen länet länets nämnd nämnden styrelse styrelsen fullmäktige
ordförande sekreterare ledamot ledamöter ersättare justerare justering justeras
workshop seminarium konferens konferensen SKL nätverk nätverket forum
strategi strategin plan planen handlingsplan mål målen uppföljning uppföljningen
miljö klimat energi avfall vatten avlopp fiber kommunikation kommunikationen
säkerhet krisberedskap beredskap trygghet brottsförebyggande brottsofferjouren
bostäder bostadsförsörjning planering byggande detaljplan översiktsplan
turism besöksnäring kultur fritid idrott föreningar evenemang Nolia
personal rekrytering lönebildning arbetsmiljö chefer ledarskap
""".split()

TITLES = (
    "Mötets öppnande", "Föregående minnesanteckningar", "Information från kansliet",
    "Budgetuppföljning", "Upphandling av PA-system", "Flyktingmottagning", "Samordnad konsumentvägledning",
    "Infrastrukturstrategi", "Kompetensförsörjning", "Brottsofferjouren", "Övriga frågor",
    "Nästa möte", "Överförmyndare, förändrade avtal", "Kollektivtrafik och Norrbotniabanan",
    "Digitalisering i kommunerna", "Bostadsförsörjning", "Krisberedskap", "Mötets avslutande",
)

FILLER = "och att i på för som med av till det är om inte en ett de har vid".split()


def _zipf_words(rng: random.Random, count: int) -> list[str]:
    # Weight 1/rank over the vocabulary, mixed with stop words as real sentences are.
    weights = [1.0 / (rank + 1) for rank in range(len(WORDS))]
    content = rng.choices(WORDS, weights=weights, k=count)
    words = []
    for word in content:
        words.append(word)
        if rng.random() < 0.5:
            words.append(rng.choice(FILLER))
    return words


def _sentence_text(rng: random.Random, words: int) -> str:
    chosen = _zipf_words(rng, words)
    sentences, start = [], 0
    while start < len(chosen):
        end = start + rng.randint(6, 16)
        sentence = " ".join(chosen[start:end])
        sentences.append(sentence[:1].upper() + sentence[1:] + ".")
        start = end
    return " ".join(sentences)


def synthetic_documents(meetings: int, seed: int = 1, items_per_meeting: int = 10,
                        words_per_item: int = 160) -> Iterator[SearchDocument]:
    """`meetings` meetings over the BODIES, one document per item, dates from 2005 on."""
    rng = random.Random(seed)
    first = date(2005, 1, 10)
    for number in range(meetings):
        slug, name = BODIES[number % len(BODIES)]
        day = first + timedelta(days=(number * 7) // len(BODIES) * 3 + number % 3)
        items = max(1, items_per_meeting + rng.randint(-3, 3))
        for item in range(1, items + 1):
            title = rng.choice(TITLES)
            yield SearchDocument(
                ref=f"{slug}/{day.isoformat()}-{number}#punkt-{item}",
                url=f"{slug}/{day.isoformat()}-{number}.html#punkt-{item}",
                body=slug,
                body_name=name,
                date=day.isoformat(),
                status="justerat" if rng.random() < 0.8 else "ojusterat",
                item_number=str(item),
                title=title,
                text=_sentence_text(rng, rng.randint(words_per_item // 4, words_per_item * 2)),
            )
