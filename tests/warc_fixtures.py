"""Small WARC files for the backfill tests, written with the crawler's own WARC writer: news pages
in English and French (most about AI infrastructure, some not), non-HTML responses, an error
page, a syndicated copy, and damaged files. The article texts are ours."""
from __future__ import annotations

import html
import os
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from crawler.fetch import Response
from crawler.warc_writer import WarcArchive


@dataclass(frozen=True)
class Story:
    key: str
    lang: str
    publisher: str
    published: str  # ISO date-time
    title: str
    paragraphs: tuple[str, ...]


COLOSSUS = Story(
    "colossus", "en", "Delta Compute News", "2024-09-03T09:00:00+00:00",
    "xAI brings its Colossus cluster online in Memphis",
    ("xAI has switched on Colossus, the training cluster it built in a former appliance factory in Memphis, "
     "Tennessee. Elon Musk said on Monday that the machine runs 100,000 Nvidia H100 GPUs.",
     "The company says Colossus was built in 122 days, far faster than the year or more that clusters of this "
     "size usually take. Local utilities had to approve new power lines before the second half of the hall "
     "could be energised.",
     "Musk added that the cluster will double in size over the coming months, with 50,000 of the new GPUs "
     "being H200s. The company did not say how much the expansion would cost."),
)
JEAN_ZAY = Story(
    "jean-zay", "fr", "Le Fil du Calcul", "2024-06-20T08:30:00+02:00",
    "Le supercalculateur Jean Zay reçoit 1 456 GPU H100",
    ("Le supercalculateur Jean Zay, installé à l'IDRIS sur le plateau de Saclay, vient de recevoir une "
     "extension de 1 456 GPU Nvidia H100. Cette nouvelle partition doit servir en priorité aux équipes qui "
     "entraînent de grands modèles de langue.",
     "Selon le CNRS, la machine atteint désormais une puissance de calcul de 125 pétaflops. Les chercheurs "
     "français pourront y accéder par les appels à projets habituels de GENCI.",
     "Le chantier a été mené sans interrompre le service : les anciennes partitions sont restées ouvertes "
     "pendant toute la durée des travaux, a précisé l'institut."),
)
EL_CAPITAN = Story(
    "el-capitan", "en", "Rack and Grid", "2024-11-18T15:00:00+00:00",
    "El Capitan takes the top spot among the world's supercomputers",
    ("El Capitan, the new system at Lawrence Livermore National Laboratory in California, is now the fastest "
     "supercomputer on the TOP500 list, with 1.742 exaflops measured on the Linpack benchmark.",
     "The machine is built by HPE around AMD MI300A accelerators, which put CPU and GPU cores in one package. "
     "It will mostly serve the nuclear stockpile programme of the National Nuclear Security Administration.",
     "Frontier, at Oak Ridge, drops to second place after leading the list since 2022."),
)
JUPITER = Story(
    "jupiter", "fr", "Calcul et Territoires", "2025-09-05T10:00:00+02:00",
    "JUPITER, premier supercalculateur exaflopique d'Europe, est inauguré à Jülich",
    ("Le supercalculateur JUPITER a été inauguré vendredi au centre de recherche de Jülich, en Allemagne. "
     "C'est la première machine européenne à franchir le cap de l'exaflop.",
     "Sa partie Booster compte environ 24 000 superpuces Nvidia GH200. Le système occupe un bâtiment modulaire "
     "construit spécialement, et sa consommation reste de l'ordre de 17 mégawatts en moyenne.",
     "Le projet est financé par l'entreprise commune EuroHPC, l'Allemagne et la Rhénanie-du-Nord-Westphalie."),
)
BAKERY = Story(
    "bakery", "en", "Riverside Gazette", "2024-09-02T07:00:00+00:00",
    "Bread festival returns to the riverside market",
    ("The annual bread festival returned to the riverside market on Sunday, with thirty stalls selling "
     "sourdough, rye and sweet buns baked in the town's old ovens.",
     "Organisers said about four thousand visitors came through the gates, a little more than last year, and "
     "the children's baking class was full by ten in the morning.",
     "Next year the festival hopes to add a second day if the weather and the volunteers allow it."),
)
VELO = Story(
    "velo", "fr", "La Voix du Canton", "2024-06-19T18:00:00+02:00",
    "La course cycliste du canton attire un public nombreux",
    ("La course cycliste du canton s'est déroulée dimanche sous un grand soleil. Cent vingt coureurs "
     "ont pris le départ sur la place de la mairie.",
     "Le vainqueur a bouclé les quatre-vingts kilomètres en un peu plus de deux heures, devant deux coureurs "
     "du club voisin. Les bénévoles ont servi des boissons fraîches tout l'après-midi.",
     "Le comité des fêtes annonce déjà une édition nocturne pour la fin de l'été."),
)
# The same wire story under another publisher and URL: a syndicated copy of Colossus.
COLOSSUS_COPY = Story(COLOSSUS.key + "-copy", "en", "Valley Ledger", COLOSSUS.published, COLOSSUS.title,
                      COLOSSUS.paragraphs)


def page_html(story: Story, url: str) -> str:
    """A news page around a story: metadata in the head, chrome around the article."""
    paras = "\n".join(f"<p>{html.escape(p)}</p>" for p in story.paragraphs)
    menu = "Accueil | Économie | Sports" if story.lang == "fr" else "Home | Business | Sports"
    return f"""<!DOCTYPE html>
<html lang="{story.lang}"><head><meta charset="utf-8">
<title>{html.escape(story.title)} | {html.escape(story.publisher)}</title>
<link rel="canonical" href="{url}">
<meta property="og:site_name" content="{html.escape(story.publisher)}">
<meta property="article:published_time" content="{story.published}">
</head><body><nav>{menu}</nav>
<article><h1>{html.escape(story.title)}</h1>
{paras}
</article><footer>© {html.escape(story.publisher)}</footer></body></html>"""


def url_for(story: Story) -> str:
    """Where a story lives."""
    host = story.publisher.lower().replace(" ", "")
    return f"https://www.{host}.example/{story.published[:7].replace('-', '/')}/{story.key}.html"


def html_response(story: Story, url: str | None = None) -> Response:
    """The HTTP response that served a story."""
    url = url or url_for(story)
    return Response(url, url, 200, {"content-type": "text/html; charset=utf-8"}, page_html(story, url).encode("utf-8"))


def other_responses() -> list[Response]:
    """Responses a backfill must pass over: a PDF, JSON, and an HTML error page."""
    return [
        Response("https://www.deltacomputenews.example/report.pdf", None, 200, {"content-type": "application/pdf"},
                 b"%PDF-1.7 data center report with GPU counts"),
        Response("https://api.deltacomputenews.example/v1/gpus", None, 200, {"content-type": "application/json"},
                 b'{"gpus": 100000}'),
        Response("https://www.deltacomputenews.example/missing.html", None, 404, {"content-type": "text/html"},
                 b"<html><body><p>Not found: GPU cluster page</p></body></html>"),
    ]


def write_warc(folder: Path, name: str, entries: list[tuple[Response, datetime]]) -> Path:
    """One WARC.gz file named NAME in FOLDER holding these responses at these WARC dates."""
    tmp = folder / f".{name}.tmp"
    tmp.mkdir(parents=True, exist_ok=True)
    with WarcArchive(tmp, "infratrack-tests/1.0") as archive:
        for resp, when in entries:
            archive.record(resp, when)
    [written] = archive.files
    target = folder / name
    os.replace(written, target)
    tmp.rmdir()
    return target


def day(text: str) -> datetime:
    """A WARC date at noon UTC."""
    return datetime.fromisoformat(text + "T12:00:00").replace(tzinfo=timezone.utc)


def standard_files(folder: Path) -> dict[str, Path]:
    """Three good files (English and French, relevant and not, non-HTML, a copy), a truncated one and a corrupt one."""
    folder.mkdir(parents=True, exist_ok=True)
    pdf, json_, missing = other_responses()
    files = {
        "a": write_warc(folder, "news-a.warc.gz", [(html_response(COLOSSUS), day("2024-09-03")),
                                                   (html_response(BAKERY), day("2024-09-03")), (pdf, day("2024-09-03")),
                                                   (missing, day("2024-09-04"))]),
        "b": write_warc(folder, "news-b.warc.gz", [(html_response(JEAN_ZAY), day("2024-06-20")),
                                                   (html_response(VELO), day("2024-06-20")), (json_, day("2024-06-21")),
                                                   (html_response(COLOSSUS_COPY), day("2024-09-04"))]),
        "c": write_warc(folder, "news-c.warc.gz", [(html_response(EL_CAPITAN), day("2024-11-18")),
                                                   (html_response(JUPITER), day("2025-09-05"))]),
    }
    data = files["c"].read_bytes()
    files["truncated"] = folder / "news-truncated.warc.gz"
    files["truncated"].write_bytes(data[: len(data) * 2 // 3])
    files["corrupt"] = folder / "news-corrupt.warc.gz"
    files["corrupt"].write_bytes(data[:200] + bytes(range(256)) * 8 + data[200:])
    return files


def db_snapshot(db_path: Path) -> dict[str, list[tuple]]:
    """Every row a backfill writes, without what depends on when or in which order it ran: run ids,
    timings, and which copy of a syndicated story was loaded first (copies are compared as groups)."""
    import duckdb

    con = duckdb.connect(str(db_path), read_only=True)
    try:
        pages = con.execute("SELECT * EXCLUDE (duplicate_of, near_duplicate_of) FROM pages ORDER BY url_hash").fetchall()
        links = con.execute("SELECT url_hash, COALESCE(duplicate_of, near_duplicate_of) FROM pages "
                            "WHERE duplicate_of IS NOT NULL OR near_duplicate_of IS NOT NULL").fetchall()
        return {
            "pages": pages,
            "copy_groups": sorted(sorted(g) for g in _groups(links)),
            "articles": con.execute("SELECT * EXCLUDE (extracted_at) FROM articles ORDER BY article_id").fetchall(),
            "claims": con.execute("SELECT * FROM claims ORDER BY claim_id").fetchall(),
            "entities": con.execute("SELECT * FROM entities ORDER BY entity_id").fetchall(),
            "warc_files": con.execute("SELECT * EXCLUDE (run_id, processed_at, seconds) FROM warc_files "
                                      "ORDER BY checksum").fetchall(),
        }
    finally:
        con.close()


def _groups(links: list[tuple[str, str]]) -> list[set[str]]:
    groups: list[set[str]] = []
    for a, b in links:
        touching = [g for g in groups if a in g or b in g]
        merged = {a, b}.union(*touching)
        groups = [g for g in groups if g not in touching] + [merged]
    return groups
