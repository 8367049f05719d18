"""Writes the suite's list of French communes (INSEE code, name, department code) and
departments (code, name), ``collectivia.platform.communes``'s package data, from the npm
package ``@etalab/decoupage-administratif``.

Run once, when the official list changes (each 1 January), with the package unpacked:

    npm pack @etalab/decoupage-administratif@6.0.0
    tar xzf etalab-decoupage-administratif-6.0.0.tgz
    .venv/bin/python infra/territory/communes_from_etalab.py package

Source: Etalab, « Découpage administratif » (INSEE's Code officiel géographique), package
version 6.0.0 (COG 2026), published under the MIT licence (the data: Licence Ouverte 2.0).
The output is small (about 300 kB compressed for every commune of France, overseas
included): the whole country is shipped rather than one department, so that any
collectivity, or a citizen of a neighbouring department, sees names and not codes.
Current communes and municipal arrondissements come first; the codes of delegated and
associated communes are kept (under their own name) when no current commune has them, so
that an old code still shows a name.
"""

from __future__ import annotations

import gzip
import json
import sys
from pathlib import Path

TARGET = Path(__file__).resolve().parents[2] / "libs/platform/src/collectivia/platform/communes"
CURRENT = ("commune-actuelle", "arrondissement-municipal")


def main(package: Path) -> None:
    meta = json.loads((package / "package.json").read_text(encoding="utf-8"))
    communes = json.loads((package / "data/communes.json").read_text(encoding="utf-8"))
    departments = json.loads((package / "data/departements.json").read_text(encoding="utf-8"))
    names: dict[str, tuple[str, str]] = {}
    for wanted in (CURRENT, ("commune-deleguee", "commune-associee")):
        for commune in communes:
            if commune["type"] in wanted and commune["code"] not in names:
                names[commune["code"]] = (commune["nom"], commune.get("departement", ""))
    lines = [f"{code}\t{name}\t{department}" for code, (name, department) in sorted(names.items())]
    header = f"# @etalab/decoupage-administratif {meta['version']} ({meta['license']})"
    # mtime=0: the same input gives the same bytes.
    with gzip.GzipFile(TARGET / "communes.tsv.gz", "wb", mtime=0) as out:
        out.write(("\n".join([header, *lines]) + "\n").encode("utf-8"))
    rows = [f"{d['code']}\t{d['nom']}" for d in sorted(departments, key=lambda d: d["code"])]
    (TARGET / "departements.tsv").write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    sys.stdout.write(f"{len(lines)} communes, {len(rows)} departments, {meta['version']}\n")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
