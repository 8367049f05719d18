"""Sample pages of a demo metropolis for the citizen chat's knowledge base when another
service's tests run the chat (``running_citizen_chat``): Markdown files with a front matter
block (id, title, url, licence, theme, published, communes), as an operator would put them
in the chat's knowledge folder. Nothing of the chat is imported here."""

from __future__ import annotations

METZ, MONTIGNY = "57463", "57480"

SAMPLE_PAGES: dict[str, str] = {
    "mairie-metz.md": f"""---
id: mairie-metz
title: Horaires de l'hôtel de ville de Metz
url: https://demo.example/metz/horaires
licence: Licence Ouverte 2.0
theme: Mairie > Horaires
published: 2026-01-05
communes: {METZ}
---
Horaires

L'hôtel de ville de Metz accueille le public du lundi au vendredi de 8 h 30 à 17 h 30.

Le samedi, l'hôtel de ville est ouvert de 9 h à 12 h pour l'état civil.
""",
    "mairie-montigny.md": f"""---
id: mairie-montigny
title: Horaires de la mairie de Montigny-lès-Metz
published: 2026-01-05
communes: {MONTIGNY}
---
La mairie de Montigny-lès-Metz est ouverte du lundi au vendredi de 8 h à 12 h.
""",
    "decheteries.md": """---
id: decheteries
title: Les déchèteries de la métropole
url: https://demo.example/decheteries
licence: Licence Ouverte 2.0
published: 2020-03-01
---
Les déchèteries sont ouvertes du lundi au samedi de 9 h à 18 h.

Les déchèteries acceptent les gravats, le bois, les métaux et le carton.
""",
    "macaron.md": """---
id: macaron
title: Le macaron de stationnement résidentiel
published: 2026-02-01
---
Le macaron résidentiel se demande au service du stationnement avec la carte grise.

Le service du stationnement examine chaque demande et décide de l'attribution.
""",
}
