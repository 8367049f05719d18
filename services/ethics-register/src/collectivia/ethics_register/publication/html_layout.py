"""The frame of every public page: French, semantic, usable without JavaScript.

Every text that comes from data goes through :func:`esc`; the helpers below build small,
already-escaped fragments.
"""

from __future__ import annotations

from html import escape

SITE = "Registre des algorithmes et systèmes d'IA"

# Contrasts (WCAG 2.1 AA): #1e1e1e on #fff 16.8:1; #0a3d91 links on #fff 10.4:1; focus ring
# #b34000 on #fff 5.3:1; #ffffff on #0a3d91 10.4:1.
STYLE = """
body{font-family:system-ui,sans-serif;line-height:1.5;color:#1e1e1e;background:#fff;margin:0}
.conteneur{max-width:52rem;margin:0 auto;padding:0 1rem}
a{color:#0a3d91;text-decoration:underline}
a:focus,button:focus,input:focus{outline:3px solid #b34000;outline-offset:2px}
.evitement{position:absolute;left:-999rem}
.evitement:focus{position:static;display:inline-block;padding:.5rem;background:#fff}
header{background:#0a3d91;color:#fff;padding:1rem 0}
header a{color:#fff}
nav ul{list-style:none;padding:0;display:flex;flex-wrap:wrap;gap:1rem}
main{padding:1rem 0 2rem}
footer{border-top:1px solid #666;padding:1rem 0}
dt{font-weight:bold;margin-top:.75rem}
dd{margin-left:0}
label{display:block;font-weight:bold;margin-top:1rem}
input{font-size:1rem;padding:.4rem;border:2px solid #3a3a3a;max-width:100%}
button{font-size:1rem;padding:.5rem 1rem;margin-top:1rem;background:#0a3d91;color:#fff;border:0}
.erreur{color:#a30000;font-weight:bold}
.indice{color:#3a3a3a}
.alerte{border:3px solid #a30000;padding:.5rem 1rem}
.fiche{border-bottom:1px solid #666;padding-bottom:1rem}
"""


def esc(text: object) -> str:
    return escape(str(text), quote=True)


def paragraphs(text: str | None, empty: str = "Non renseigné.") -> str:
    """A text as paragraphs: blank lines separate them, single line breaks are kept."""
    if not text:
        return f"<p>{esc(empty)}</p>"
    blocks = [b.strip() for b in text.split("\n\n") if b.strip()]
    return "".join(f"<p>{'<br>'.join(esc(line) for line in b.splitlines())}</p>" for b in blocks)


def definitions(items: list[tuple[str, str]]) -> str:
    """A description list; values are already-escaped fragments."""
    rows = "".join(f"<dt>{esc(term)}</dt><dd>{value}</dd>" for term, value in items)
    return f"<dl>{rows}</dl>"


def link(href: str, text: str) -> str:
    return f'<a href="{esc(href)}">{esc(text)}</a>'


def page(title: str, body: str) -> str:
    """A whole document; ``body`` is the already-escaped content of <main>, from its <h1>."""
    nav = "".join(
        f"<li>{link(href, text)}</li>"
        for href, text in (
            ("/registre", "Tous les systèmes"),
            ("/registre/expliquer", "Demander l'explication d'une décision"),
            ("/registre/accessibilite", "Accessibilité : partiellement conforme"),
        )
    )
    return (
        '<!DOCTYPE html>\n<html lang="fr">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{esc(title)} — {esc(SITE)}</title>\n"
        '<link rel="stylesheet" href="/registre/registre.css">\n</head>\n<body>\n'
        '<a class="evitement" href="#contenu">Aller au contenu</a>\n'
        f'<header><div class="conteneur"><p><strong>{esc(SITE)}</strong></p>'
        f'<nav aria-label="Menu principal"><ul>{nav}</ul></nav></div></header>\n'
        f'<main id="contenu" tabindex="-1"><div class="conteneur">{body}</div></main>\n'
        '<footer><div class="conteneur"><p>'
        f"{link('/registre/accessibilite', 'Accessibilité : partiellement conforme')} · "
        f"{link('/v1/exports/register.json', 'Données ouvertes du registre (JSON)')} · "
        f"{link('/v1/exports/register.csv', 'Données ouvertes du registre (CSV)')}"
        "</p></div></footer>\n</body>\n</html>\n"
    )
