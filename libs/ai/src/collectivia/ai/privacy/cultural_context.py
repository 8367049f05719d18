"""Where a name is a work's subject or a figure of folklore, not a person who writes to us.

"une conférence sur Victor Hugo", "l'exposition consacrée à Frida Kahlo", "le Père Noël":
the capitalised words after such a context are left as they are. The figures most streets,
schools and stations of France are named after ("arrêt Charles de Gaulle", "« Victor Hugo et
l'exil »"), and shops named like people ("Leroy Merlin", "Mr Bricolage"), are no one who
writes to the collectivity, wherever their full name appears.
"""

from __future__ import annotations

import re

from collectivia.ai.privacy.lexicon import CAPITALISED_WORD, UPPER, folded
from collectivia.ai.privacy.organisations import FIRMS, LEGAL_FORMS, PRACTICES, SHOPS

_FULL_NAME = rf"{CAPITALISED_WORD}(?:[ \t]+(?:de[ \t]+|d['\u2019])?{CAPITALISED_WORD}){{0,2}}"
_SUBJECT = re.compile(
    r"(?i:\b(?:conf[ée]rence|exposition|expo|hommage|spectacle|film|documentaire|lecture"
    r"|concert|pi[èe]ce|[œo]euvres?|po[èe]mes|biographie|festival|colloque|atelier|visite"
    r"|rétrospective|retrospective|cycle|soirée|soiree|livre|roman|article|reportage"
    r"|émission|emission|thèse|these|exposé|expose|cours|dossier\s+pédagogique|archive)s?"
    # its adjective first, if any: "une visite guidée sur", "une lecture théâtralisée de la vie de"
    r"(?:\s+[a-zàâçéèêëîïôûù]+(?:é|ée|és|ées|ique|iques))?"
    r"(?:\s+(?:consacr[ée]e?s?|d[ée]di[ée]e?s?))?\s+(?:sur|[àa]|autour\s+de|de\s+la\s+vie\s+de)"
    # the life or the history of the figure (« le livre sur l'histoire de Jeanne d'Arc »)
    r"(?:\s+(?:l['\u2019]histoire|la\s+vie)\s+de)?)"
    rf"[ \t]+({_FULL_NAME}"
    # a second subject: "une visite sur Victor Hugo et Juliette Drouet"
    rf"(?:[ \t]+et[ \t]+{_FULL_NAME})?)"
)
# A work's title after its kind ("le film Le Fabuleux Destin d'Amélie Poulain", "le livre
# Les Misérables"): the capitalised words of a title, and the small words between them.
_TITLE_WORD = (
    rf"(?:[{UPPER}][\w'\u2019-]*|(?:de|du|des|la|le|les|et|à|au|aux|en|un|une)"
    rf"|[dlDL]['\u2019][{UPPER}][\w-]*)"
)
_TITLE = re.compile(
    r"(?i:\b(?:film|t[ée]l[ée]film|livre|roman|spectacle|pi[èe]ce\s+de\s+th[ée][âa]tre|s[ée]rie"
    r"|dessin\s+anim[ée]|album|chanson|op[ée]ra|com[ée]die\s+musicale|bd|bande\s+dessin[ée]e"
    r"|documentaire)s?)[ \t]+[«\"\u201c]?[ \t]*"
    rf"([{UPPER}][\w'\u2019-]*(?:[ \t]+{_TITLE_WORD}){{0,8}})"
)
# A car's model after its make ("la Renault Zoé", "une Peugeot Partner"): a determiner first,
# "Renault" and "Ford" being surnames too.
_CAR_MAKES = (
    "Renault|Peugeot|Citro[ëe]n|Dacia|Tesla|Toyota|Volkswagen|VW|Fiat|Ford|Opel|Nissan|Kia"
    "|Hyundai|BMW|Audi|Mercedes|[SŠ]koda|Seat|Cupra|Volvo|Mazda|Honda|Suzuki|Mitsubishi|Jeep"
    "|Alfa\\s+Romeo|Lancia|DS|MG|BYD|Porsche|Lexus|Smart|Mini"
)
_CAR = re.compile(
    r"(?i:\b(?:la|une|ma|ta|sa|notre|votre|leur|cette|ma\s+vieille|sa\s+vieille)\s+"
    # or after the word for it ("mon véhicule (Dacia Logan, GB-604-PZ)", "Véhicule : Fiat 500")
    r"|\b(?:v[ée]hicules?|voitures?|mod[èe]le|marque)[ \t]*[:(]?[ \t]*)"
    rf"((?:{_CAR_MAKES})[ \t]+{CAPITALISED_WORD})"
)
# Feasts, seasons and the Republic after an article, a preposition or a wish ("vacances de la
# Toussaint", "sapins de noel", "Joyeux Noël", "à la Pentecôte", "Vive la République"), any
# case (text messages write "noel"). Toussaint and Noël are names too: after a civility or a
# first name, or before a surname ("Noël Dupont"), they stay.
_FEAST = re.compile(
    r"(?i:(?<![\w'\u2019-])(?:la|l['\u2019]|de|d['\u2019]|à|a|au|aux|pour|après|apres|avant"
    r"|depuis|pendant|dès|des|vers|jusqu['\u2019]à|joyeux|joyeuses?|bon|bonne|bonnes|vive)"
    r"(?:[ \t]+|(?<=['\u2019])))"
    r"((?i:toussaint|no[ëe]l|p[âa]ques|pentec[ôo]te|ascension|assomption|[ée]piphanie|chandeleur"
    r"|saint-jean|saint-sylvestre|saint-valentin|saint-martin|r[ée]publique|nativit[ée]|rameaux"
    r"|mi-car[êe]me|carnaval)(?![\w-]))"
    rf"(?![ \t]+{CAPITALISED_WORD})"
)
# A work's author ("l'église construite par Le Corbusier", "la fresque peinte par Keith
# Haring"): a public figure, as a work's subject is. Not "écrit par", "réalisé par": a letter
# or a repair is anyone's.
_AUTHOR = re.compile(
    r"(?i:\b(?:construite?s?|con[çc]ue?s?|dessin[ée]e?s?|peinte?s?|sculpt[ée]e?s?|b[âa]tie?s?"
    r"|[ée]difi[ée]e?s?|imagin[ée]e?s?|compos[ée]e?s?|chant[ée]e?s?)\s+par)"
    rf"[ \t]+({CAPITALISED_WORD}(?:[ \t]+(?:de[ \t]+|d['\u2019])?{CAPITALISED_WORD}){{0,2}})"
)
# "le dernier roman de Guillaume Musso", "un album d'Angèle", "un texte de Guillaume
# Apollinaire": the author of a work.
_WORK_OF = re.compile(
    r"(?i:\b(?:romans?|livres?|albums?|films?|chansons?|po[èe]mes?|tableaux?|[œo]euvres?|bd|s[ée]ries?"
    r"|disques?|recueils?|polars?|mangas?|textes?|citations?|fables?|contes?)\s+(?:de|d['\u2019]))"
    rf"[ \t]*({CAPITALISED_WORD}(?:[ \t]+(?:de[ \t]+|d['\u2019])?{CAPITALISED_WORD}){{0,2}})"
)
# A star by those who follow them ("fan d'Antoine Dupont", "supporter de Mbappé"), a singer by
# what is sung ("chanter du Charles Trenet et du Brassens").
_STAR = re.compile(
    r"(?i:\b(?:fans?|supporters?|supportrices?|admirat(?:eur|rice)s?|groupies?)\s+(?:de|d['\u2019])"
    r"|\b(?:chant(?:er|ons|ent|e|é)|jou(?:er|ons|ent|e|é)|[ée]cout(?:er|ons|ent|e|é)|reprendre)"
    r"\s+(?:du|des|de\s+la)|(?<=\bet\s)du)"
    rf"[ \t]*({CAPITALISED_WORD}(?:[ \t]+(?:de[ \t]+|d['\u2019])?{CAPITALISED_WORD}){{0,2}})"
)
# A performer by the whole name on the bill (« le concert de Nolwenn Leroy », « des reprises de
# Jean-Jacques Goldman »); a first name alone, or a show, may be a child's (« le spectacle de
# Léa Martin »).
_PERFORMER = re.compile(
    r"(?i:\b(?:concerts?|tourn[ée]es?|albums?|reprises?|one-man-show)[ \t]+"
    r"(?:de[ \t]+|d['\u2019]))"
    rf"({CAPITALISED_WORD}[ \t]+{CAPITALISED_WORD}(?:[ \t]+{CAPITALISED_WORD})?)"
)
# Whom a quotation is from (« écrivait Baudelaire », « comme chantait Piaf »), an artist or a
# player by their trade (« un hommage au chanteur Idir », « le footballeur Wesley Fofana »): a
# public figure. Not « disait » (« comme disait Jean, le voisin »), nor « le peintre »: a
# house painter is anyone.
_QUOTED = re.compile(
    r"(?i:\b(?:[ée]crivait|chantait|chante|l['\u2019][ée]crit|l['\u2019]a\s+(?:[ée]crit|chant[ée]))"
    r"|\b(?:chanteu(?:r|se)|po[èe]te|po[ée]tesse|[ée]crivaine?|romanci(?:er|[èe]re)|compositeur"
    r"|compositrice|cin[ée]aste|rappeu(?:r|se)|footballeu(?:r|se)|rugbyman|tennis(?:man|woman)))"
    rf"[ \t]+({_FULL_NAME})"
)
# A king or a pope by their number (« François Ier », « Louis XIV », « Jean-Paul II »); not a
# letter alone (« Marie V. » is an initial).
_MONARCH = re.compile(
    rf"({CAPITALISED_WORD}[ \t]+(?:Ier|Iᵉʳ|(?=[IVX]{{2}})X{{0,2}}(?:IX|IV|V?I{{0,3}})))"
    r"(?![\w'\u2019-])"
    # (a surname after it is a person's: « Jean II Dupont »)
    rf"(?![ \t]+{CAPITALISED_WORD})"
)
# A saint written in prose (« l'arrivée de saint Nicolas », « la fête de sainte Barbe »): the
# lower-case « saint » before the name; a place or a feast writes it with a hyphen.
_SAINT = re.compile(rf"(?<![\w'\u2019-])(?:saint|sainte)[ \t]+({CAPITALISED_WORD})")
# A disease or a syndrome by its discoverer (« la maladie d'Alzheimer », « syndrome de Down »):
# the common ones by name, since « la maladie de Marie » is Marie's.
_EPONYM = re.compile(
    r"(?i:maladie|syndrome)[ \t]+(?:de[ \t]+|d['\u2019][ \t]?)"
    r"(Alzheimer|Parkinson|Crohn|Charcot|Huntington|Down|Asperger|Raynaud|Lyme|Hodgkin|Basedow"
    r"|Paget|Addison|Cushing|Kawasaki|Behçet|Willebrand|Duchenne|Tourette|Creutzfeldt-Jakob"
    r"|Guillain-Barré|Ménière|Marfan|Williams|Rett|Angelman|Turner|Klinefelter)(?![\w'\u2019-])"
)
# A day cut short before its hour or its date in a log or a planning (« Sam 22h : alarme »,
# « Dim. 10/03 »): « Sam » is no one there.
_SHORT_DAY = re.compile(
    r"(?<![\w'\u2019-])((?:Lun|Mar|Mer|Jeu|Ven|Sam|Dim)\.?)(?=[ \t]+\d{1,2}(?:[h:/.]|[ \t]*$))"
)
# The shops people name as places ("chez Leclerc", "au Carrefour de la zone", "le camion de
# Picard"): retailers' names that are surnames too.
_SHOP = re.compile(
    r"(?i:\b(?:chez|au|à|a|de|du)\s+)((?:E\.?\s?)?(?:Leclerc|Carrefour|Auchan|Lidl|Aldi|Intermarch[ée]"
    r"|Monoprix|Franprix|Casino|Darty|Boulanger|Conforama|Decathlon|Castorama|Fnac|Ikea|Picard"
    r"|Super\s+U|Hyper\s+U|G[ée]ant))\b"
)
# A business named after its kind ("la société Lacroix Ruggieri", "Pompes Funèbres
# Roc-Eclerc", "la brasserie « Chez Fernand »", "SARL Martin Frères"): no one who writes.
_BUSINESS = re.compile(
    # a practice, a club, a farm's company ("Cabinet Gestimmo Azur", "GAEC des Trois Chênes")
    rf"\b(?:{LEGAL_FORMS}|{FIRMS}|{PRACTICES}|{SHOPS})\s+(?:«\s*|\"|\u201c)?"
    rf"((?:(?i:chez)\s+)?{CAPITALISED_WORD}(?:[ \t-]+{CAPITALISED_WORD}){{0,2}})"
)
# A business by its legal form after its name ("Hager Logistik GmbH", "Transports Keller
# SARL", "Müller & Söhne KG").
_LEGAL_FORM_AFTER = re.compile(
    rf"({CAPITALISED_WORD}(?:[ \t-]+(?:&[ \t]+)?{CAPITALISED_WORD}){{0,2}})[ \t]+"
    # (not « SA »: in capitals, « GARE SA CAMIONNETTE » is French's « sa »)
    r"(?:GmbH|SARL|SAS|SASU|EURL|AG|KG|BV|NV|SPRL|SRL|Sàrl|Ltd|LLC|Inc|S\.A\.R\.L\.|S\.A\.S\.)"
    r"(?![\w])"
)
# A firm by its founder's name and its trade (« YILDIZ Construction », « Kaya Rénovation »,
# « Martin & Fils »): the trade after the name, in capitals as on a sign, makes it the sign, not
# a person.
_TRADE_AFTER = re.compile(
    rf"({CAPITALISED_WORD}(?:[ \t-]+{CAPITALISED_WORD})?)[ \t]+"
    r"(?=[A-ZÂÉ&]|et[ \t]+Fils)(?i:constructions?|b[âa]timent|btp|plomberie|ma[çc]onnerie"
    r"|r[ée]novation|transports"
    r"|immobilier|peinture|[ée]lectricit[ée]|couverture|charpente|menuiserie|terrassement"
    r"|nettoyage|paysages?|automobiles|fr[èe]res|&[ \t]+fils|et[ \t]+fils|traiteur|ambulances)"
    r"(?![\w-])"
)
# A street abroad whose type comes last or abbreviated ("Atatürk Cad.", "Str. Mihai Eminescu"):
# its namesake is no one.
_STREET_NAME_WORDS = rf"{CAPITALISED_WORD}(?:[ \t]+{CAPITALISED_WORD}){{0,2}}"
_FOREIGN_STREET_NAME = re.compile(
    # Turkish: "Cad." or "Caddesi", "Sok." or "Sokak", the avenue, the quarter
    rf"({_STREET_NAME_WORDS})[ \t]+(?:Cad\.|Caddesi|Sok\.|Sokak|Soka\u011f\u0131|Bulvar\u0131"
    r"|Mahallesi|Mah\.)(?!\w)"
    rf"|(?:\bStr\.|\bStrada|\bul\.|\bulica|\bBulevardul|\bBd\.)[ \t]+({_STREET_NAME_WORDS})"
)
# "Marie-Thérèse d'Arcangues de Saint-Jean": after a name inside a sentence, "de" is a
# particle of the surname.
_NAME_BEFORE = re.compile(rf"[^\s.!?:;\n][ \t]+(?:[dlDL]['\u2019])?{CAPITALISED_WORD}[ \t]+$")
_FOLKLORE = re.compile(
    r"\b(?:P[èe]re|M[èe]re)[ \t]+(?:No[ëe]l|Fouettard|Lachaise|Castor|Michel|Ubu)\b"
    r"|\bSaint[ \t-]Nicolas\b"
)


# Full names only ("Hugo" or "Moulin" alone may be anyone's); the last ones are shops named
# after people, or as people are ("chez Leroy Merlin", "Mr Bricolage").
_FIGURE_LIST = """
    Charles de Gaulle, Victor Hugo, Jean Jaurès, Jean Moulin, Louis Pasteur, Marie Curie,
    Pierre et Marie Curie, Pierre Curie, Jules Ferry, Émile Zola, Léon Gambetta,
    Georges Clemenceau, Robert Schuman, Paul Verlaine, Georges de La Tour, Jean de La Fontaine,
    Antoine de Saint-Exupéry, Albert Camus, Jacques Prévert, Simone Veil, Arthur Rimbaud,
    Alphonse Daudet, Jules Verne, Louise Michel, Olympe de Gouges, Françoise Dolto,
    Nelson Mandela, Paul Bert, Anatole France, Aristide Briand, Jean Monnet, François Mitterrand,
    Jacques Chirac, Édith Piaf, Georges Brassens, Claude Monet, Auguste Renoir, Paul Cézanne,
    Vincent van Gogh, Pablo Picasso, Frida Kahlo, Albert Einstein, Jeanne d'Arc,
    Martin Luther King, Rosa Parks, Joséphine Baker, Lucie Aubrac, Jean Zay, Guy Môquet,
    Pierre de Coubertin, Honoré de Balzac, Gustave Flaubert, Guy de Maupassant, Marcel Pagnol,
    Jean Giono, Paul Éluard, Louis Aragon, Elsa Triolet, George Sand, Simone de Beauvoir,
    Marguerite Duras, Marguerite Yourcenar, Charles Baudelaire, Jean-Jacques Rousseau,
    Denis Diderot, Gustave Eiffel, Aimé Césaire, Victor Schœlcher, Toussaint Louverture,
    Félix Éboué, Gisèle Halimi, Ferdinand Foch, Louis Blériot, Roland Garros, Jean Mermoz,
    Pierre Mendès France, Léon Blum, Jean Macé, Paul Langevin, Max Dormoy, Maximilien Robespierre,
    Jean-Baptiste Clément, Romain Rolland, Alexandre Dumas, Jean Rostand, Pierre Brossolette,
    Berthie Albrecht, Danielle Casanova, Ambroise Croizat, Henri Barbusse, Gabriel Péri,
    Paul Vaillant-Couturier, Maurice Thorez, Salvador Allende, Che Guevara, Mahatma Gandhi,
    Winston Churchill, John Kennedy, Abbé Pierre, Jean Ferrat, Jacques Brel, Charles Aznavour,
    Johnny Hallyday, Georges Pompidou, Valéry Giscard d'Estaing, Camille Claudel, Hector Berlioz,
    Claude Debussy, Maurice Ravel, Frédéric Chopin, Wolfgang Amadeus Mozart, Ludwig van Beethoven,
    Léonard de Vinci, Napoléon Bonaparte, Guillaume Apollinaire, Leroy Merlin, Yves Rocher,
    Jean Louis David,
    Albert Schweitzer, Louise Weiss, Blaise Pascal, René Descartes, Antoine Lavoisier,
    Louis Braille, Louis Lumière, Auguste Lumière, Alexander Fleming, Sarah Bernhardt,
    Frédéric Mistral, Pierre Loti, Jean Racine, Pierre Corneille, Paul Claudel, André Malraux,
    Jean Vilar, René Cassin, Léo Lagrange, Pierre-Paul Riquet, Paul Riquet, Jean Bouin,
    Henri Matisse, Paul Gauguin, Édouard Herriot, Roger Salengro, Jean Lebas, Marcel Sembat,
    Pierre Semard, Jean Lurçat, Germaine Tillion, Geneviève de Gaulle-Anthonioz,
    Nicolas Sarkozy, François Hollande, Emmanuel Macron, Édouard Philippe, Jean Castex,
    Élisabeth Borne, Gabriel Attal, Michel Barnier, François Bayrou, Marine Le Pen,
    Jean-Luc Mélenchon, Michel Debré, Maurice Couve de Murville, Jacques Chaban-Delmas,
    Pierre Messmer, Raymond Barre, Pierre Mauroy, Laurent Fabius, Michel Rocard, Édith Cresson,
    Pierre Bérégovoy, Édouard Balladur, Alain Juppé, Lionel Jospin, Jean-Pierre Raffarin,
    Dominique de Villepin, François Fillon, Jean-Marc Ayrault, Manuel Valls, Bernard Cazeneuve,
    Franck Provost, Marie Blachère, Louis Vuitton, Yves Saint Laurent, Christian Dior,
    Léon de Bruxelles, Jacques Dessange, Camille Albane, Mr Bricolage, Monsieur Bricolage,
    Mr Propre, Monsieur Meuble
"""
_FIGURES = tuple(name.strip() for name in _FIGURE_LIST.split(","))
# After an elision too: "les poèmes d'Arthur Rimbaud".
_FIGURE = re.compile(
    r"(?<![\w-])(?:"
    + "|".join(re.escape(name) for name in sorted(_FIGURES, key=len, reverse=True))
    + r")(?![\w'\u2019-])",
    re.IGNORECASE,
)
_FOLDED_FIGURE = re.compile(
    r"(?<![\w-])(?:"
    + "|".join(re.escape(folded(name)) for name in sorted(_FIGURES, key=len, reverse=True))
    + r")(?![\w'\u2019-])"
)


def figure_names(text: str) -> list[tuple[int, int]]:
    """Where the full name of a figure streets and schools are named after appears."""
    lowered = folded(text)  # "Jaures", "EMILE ZOLA": any case, accents or not
    if len(lowered) != len(text):  # a letter that folds to two ("ß"): offsets would shift
        return [match.span() for match in _FIGURE.finditer(text)]
    return [match.span() for match in _FOLDED_FIGURE.finditer(lowered)]


def cultural_names(text: str) -> list[tuple[int, int]]:
    regions = [
        match.span(1)
        for pattern in (
            _SUBJECT,
            _TITLE,
            _CAR,
            _AUTHOR,
            _WORK_OF,
            _STAR,
            _PERFORMER,
            _QUOTED,
            _MONARCH,
            _SAINT,
            _EPONYM,
            _SHORT_DAY,
            _SHOP,
            _BUSINESS,
            _LEGAL_FORM_AFTER,
            _TRADE_AFTER,
        )
        for match in pattern.finditer(text)
    ]
    regions += [
        match.span(1) if match.group(1) else match.span(2)
        for match in _FOREIGN_STREET_NAME.finditer(text)
    ]
    regions += [
        match.span(1)
        for match in _FEAST.finditer(text)
        if not _NAME_BEFORE.search(text[max(0, match.start() - 40) : match.start()])
    ]
    return regions + [match.span() for match in _FOLKLORE.finditer(text)] + figure_names(text)
