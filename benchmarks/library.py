"""Seeded synthetic libraries for the benchmark: many entry types, and names in Latin,
Azerbaijani and Cyrillic scripts."""

from __future__ import annotations

import random

FAMILY = ["Smith", "Rivera", "Chen", "Müller", "O'Brien", "Garcia", "Nakamura", "Kowalski", "Əliyev", "Məmmədov",
          "Hüseynov", "Qasımov", "Şükürlü", "Ağayev", "Иванов", "Петров", "Смирнова", "Тоқаев", "Нұрланов",
          "Yılmaz", "Öztürk", "Karimov", "Huseynova", "van der Berg", "de la Cruz"]
GIVEN = ["John", "Maria", "Wei", "Hans", "Siobhán", "Lucia", "Ken", "Anna", "Kamal", "Leyla", "Emin", "Aydın",
         "Иван", "Ольга", "Қасым", "Ayşe", "Mehmet", "Ji-won", "J. A.", "Ana María"]
WORDS = ("trade transit corridor caspian shipping railway port cooperation energy policy region history law "
         "economics network summit treaty logistics container market security culture language").split()
JOURNALS = ["Journal of Transport Geography", "Caspian Affairs", "Baku Economic Review", "Вестник тестов",
            "Regional Studies", "Central Asian Survey"]
TYPES = ["article-journal"] * 5 + ["book"] * 2 + ["chapter", "webpage", "report", "thesis", "paper-conference"]


def _name(r: random.Random) -> dict:
    if r.random() < 0.05:
        return {"literal": r.choice(["World Bank", "United Nations", "Ministry of Transport", "Xalq qəzeti"])}
    family = r.choice(FAMILY)
    name = {"family": family, "given": r.choice(GIVEN)}
    if family.startswith(("van ", "de ")):
        particle, _, rest = family.rpartition(" ")
        name = {"family": rest, "given": name["given"], "non-dropping-particle": particle}
    return name


def library(n: int, seed: int = 1) -> list[dict]:
    r = random.Random(seed)
    items = []
    for i in range(n):
        kind = r.choice(TYPES)
        title = " ".join(r.choice(WORDS) for _ in range(r.randint(3, 9))).capitalize()
        item = {"id": f"ref{i:05d}", "type": kind, "title": title,
                "author": [_name(r) for _ in range(r.choice([1, 1, 2, 3, 4, 8]))],
                "issued": {"date-parts": [[r.randint(1990, 2025)] + ([r.randint(1, 12)] if r.random() < .4 else [])]}}
        if kind == "article-journal":
            item.update({"container-title": r.choice(JOURNALS), "volume": str(r.randint(1, 90)),
                         "issue": str(r.randint(1, 12)), "page": f"{(p := r.randint(1, 900))}-{p + r.randint(2, 30)}",
                         "DOI": f"10.{r.randint(1000, 9999)}/x{i}"})
        elif kind in ("book", "report", "thesis"):
            item.update({"publisher": r.choice(["Routledge", "Elm", "Наука", "World Bank", "MIT Press"]),
                         "publisher-place": r.choice(["London", "Bakı", "Москва", "Washington, DC"])})
        elif kind in ("chapter", "paper-conference"):
            item.update({"container-title": "Proceedings on " + r.choice(WORDS), "page": f"{r.randint(1, 300)}-{r.randint(301, 400)}",
                         "editor": [_name(r)], "publisher": "Springer"})
        else:
            item.update({"URL": f"https://example.org/{i}", "container-title": r.choice(["President.az", "AZERTAC"]),
                         "accessed": {"date-parts": [[2024, 5, 1]]}})
        items.append(item)
    return items
