"""Words that frame a question without saying what it asks about.

"Comment", "combien", "quand", "chez", "ça"... are rare in the knowledge base's pages (written
as statements), so their inverse document frequency would make them weigh like the subject of
the question in a sentence's support. They are left out of the question's terms: the French
stop-word list of Apache Lucene's ``FrenchAnalyzer`` (``FRENCH_STOP_WORDS``, Lucene 2 and 3,
Apache License 2.0), a general list that also covers the pronouns, articles and prepositions of
the Snowball list the analyzer already drops. Accents are stripped as the analyzer does.
"""

from __future__ import annotations

from collectivia.citizen_chat.knowledge.analyzer import strip_accents

_LUCENE_FRENCH_STOP_WORDS = """
    a afin ai ainsi après attendu au aujourd auquel aussi autre autres aux auxquelles auxquels
    avait avant avec avoir c car ce ceci cela celle celles celui cependant certain certaine
    certaines certains ces cet cette ceux chez ci combien comme comment concernant contre d dans
    de debout dedans dehors delà depuis derrière des désormais desquelles desquels dessous
    dessus devant devers devra divers diverse diverses doit donc dont du duquel durant dès elle
    elles en entre environ est et etc etre eu eux excepté hormis hors hélas hui il ils j je
    jusqu jusque l la laquelle le lequel les lesquelles lesquels leur leurs lorsque lui là ma
    mais malgré me merci mes mien mienne miennes miens moi moins mon moyennant même mêmes n ne
    ni non nos notre nous néanmoins nôtre nôtres on ont ou outre où par parmi partant pas passé
    pendant plein plus plusieurs pour pourquoi proche près puisque qu quand que quel quelle
    quelles quels qui quoi quoique revoici revoilà s sa sans sauf se selon seront ses si sien
    sienne siennes siens sinon soi soit son sont sous suivant sur ta te tes tien tienne tiennes
    tiens toi ton tous tout toute toutes tu un une va vers voici voilà vos votre vous vu vôtre
    vôtres y à ça ès été être ô
"""

QUESTION_STOP_WORDS = frozenset(strip_accents(w) for w in _LUCENE_FRENCH_STOP_WORDS.split())
