"""Character classes and word lists the detectors share (French text)."""

from __future__ import annotations

import unicodedata
from functools import cache


def folded(word: str) -> str:
    """Lower case without accents: "Inès", "ines" and "INES" are one first name."""
    decomposed = unicodedata.normalize("NFD", word.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def word_set(words: str) -> frozenset[str]:
    """A set of words written one after another, separated by white space."""
    return frozenset(words.split())


@cache
def stop_words() -> frozenset[str]:
    """French function words (spaCy's list; imported at first use: spaCy is slow to import)."""
    from spacy.lang.fr.stop_words import STOP_WORDS

    return frozenset(STOP_WORDS)


# French letters, and those of names and places from elsewhere ("Zieliński", "Petrović",
# "Gonçalves", "Ølsen", "Călărași", "Phạm Thị Ngọc"): every Latin letter Unicode has (Latin-1,
# Extended-A and -B, Vietnamese's Extended Additional), by its case; a name cut at its first
# foreign letter would leak its end.
_LATIN = [chr(code) for code in (*range(0xC0, 0x250), *range(0x1E00, 0x1F00))]
UPPER = "A-Z" + "".join(letter for letter in _LATIN if letter.isupper())
LOWER = "a-z" + "".join(letter for letter in _LATIN if letter.islower())

# Breton's "c'h" is a letter of the word ("Plouezoc'h", "Crec'h", "Lozac'h", "C'hra").
_BRETON_CH = rf"(?:(?<=c)['\u2019]h[{LOWER}]*)?"
# A capitalised word ("Dupont", "Jean-Jaurès", "N'Diaye", "Aix-en-Provence") or one in capitals.
CAPITALISED_WORD = (
    rf"(?:[{UPPER}](?:['\u2019][{UPPER}]|(?<=C)['\u2019]h)?[{LOWER}]+{_BRETON_CH}"
    rf"(?:-(?:[{LOWER}]+-)*[{UPPER}][{LOWER}]+{_BRETON_CH})*"
    rf"|[{UPPER}]{{2,}}(?:-[{UPPER}]{{2,}})*)"
)

MONTHS = (
    r"(?:janvier|f[ée]vrier|mars|avril|mai|juin|juillet|ao[uû]t|septembre|octobre|novembre"
    r"|d[ée]cembre)"
)

# The formulas that close a message before its signature ("Cordialement,", "Bien à vous",
# "Merci d'avance"), as a regular expression without its punctuation.
CLOSING_FORMULA = (
    r"(?i:cordialement|bien\s+(?:à|a)\s+vous|bonne\s+(?:journ[ée]e|soir[ée]e|fin\s+de\s+"
    r"journ[ée]e)|merci(?:\s+d['\u2019]avance|\s+beaucoup)?|bises|bisous|bizz?|amicalement|salutations"
    r"|respectueusement|sinc[èe]rement|(?:à|a)\s+bient[ôo]t)"
)

# Capitalised words that are not names although they follow a civility or a first name.
NOT_NAMES = word_set(
    """
    le la les l de du des et ou en au aux à un une je il elle nous vous ils elles on
    maire adjoint adjointe président présidente directeur directrice préfet préfète conseiller
    conseillère député députée sénateur sénatrice ministre responsable secrétaire agent agente
    chef cheffe commissaire inspecteur inspectrice médecin docteur maître professeur juge
    brigadier brigadière gardien gardienne adjudant adjudante sergent caporal gendarme policier
    policière
    bonjour bonsoir bonne bon belle excellente merci cordialement salutations
    madame monsieur mademoiselle messieurs mesdames
    lundi mardi mercredi jeudi vendredi samedi dimanche sem
    janvier février mars avril mai juin juillet août septembre octobre novembre décembre
    mairie ville commune conseil municipal municipale service services rue avenue place boulevard
    saint sainte école collège lycée caf cpam rsa apl urssaf sncf edf france
    nom prénom prénoms adresse téléphone email mail tél né née date
    prenom prenoms adresse tel
    """
)

# Words of text messages and greetings a model may take for part of a name.
SMS_WORDS = word_set(
    """
    slt salut bjr bonjour bsr bonsoir cc coucou stp svp pk pq pr ptn mdr lol jvoudrai jvoudrais
    jveux jsuis jsui jai jpeux jcomprend jcomprends chui chuis c ct g jsp dsl merci mrc cdt
    cordialement bien mr mme ok okay oui non allo allô veuillez agréer respectueusement
    salutations bisous rdv tkt bcp mtn ajd auj dac pls jsuis jvais jpense jaimerais
    hello hi hey cher chère chers chères bravo
    jvoulais jvoulai jsavais jcrois jsais jhabite jhabites jétais jetais jattends jaimerai
    cest cétait cetait jm jme jte slm ya yavait yaura jveu jpe jpeu cv
    """
) | word_set(
    # Greetings of France's regional languages opening a message (Corsican, Breton,
    # Alsatian, Basque, Occitan, Catalan, Creole, Luxembourgish): no one's name.
    """
    bonghjornu bonghjurnu bonasera salute demat degemer salü salu gueta kaixo egunon
    adiu adishatz bonjorn bonjorn bondia bon-dia bonjou bonswa bonjoure moien
    """
)
# Greetings, titles and function words of the languages newcomers also write in ("Dear Sir or
# Madam", "Olá, sou o Rui", "my name is Olena Kovalenko and"): never a name, nor a part of one
# (not "My", "Uma", "Ola", "Salam": first names too).
FOREIGN_WORDS = word_set(
    """
    and the is am are dear sir madam mister miss phone mobile regards thanks please
    hola olá gracias obrigado obrigada e
    llamo llama llaman llamamos chamo chama chiamo chiama nació nacio nasceu nato nata
    mwen nou zot bezwen vle kijan mèsi mesi souplé sóc naiz und y ve teléfono telefono telefone
    nekk nekkini nazali ngai ik ich jestem sono soy
    mutter vater tochter sohn bruder schwester oma opa onkel tante enkel enkelin nachbar
    nachbarin herr frau ehefrau ehemann witwe familie bürgermeister burgermeister
    bürgermeisterin burgermeisterin kapellmeister vorsitzender vorsitzende
    mãe mae pai filho filha avó avo avô
    oğlum oglum k\u0131z\u0131m kizim annem babam abim ablam eşim esim
    """
)
# Greetings, thanks, farewells, apologies and wishes of the languages written in France and by
# its newcomers, transliterated as people type them ("Kenavo, Yann", "Misaotra betsaka.",
# "Inchallah tout ira bien"): the model takes such a capitalised word for a name. No library
# holds them across languages; one line a language. A word that is a first name too (INSEE's
# list) is left out where it is read.
COURTESY_WORDS = word_set(
    """
    demat kenavo trugarez vras noz vat degemer mat
    kaixo agur eskerrik asko mila esker milesker egun arratsalde gabon
    adiu adishatz mercé mercés bonjorn bona serada
    bonghjornu bonghjurnu bonasera grazie prestu
    salü adje merci vielmols
    bondia gràcies moltes adéu aviat
    mèsi mési anpil orevwa bonjou bonswa
    choukran chokran shukran shoukran inchallah inshallah inchalah incha'allah inch'allah
    machallah mashallah hamdoulah hamdoullah hamdoulilah alhamdoulillah alhamdulillah
    bismillah wallah sahit yatik barakallahoufik barakallah bslama besslama
    marhaba ahlan wa sahlan salam aleykoum alaykoum alikoum assalamou assalamu
    السلام عليكم مرحبا شكرا
    azul tanemmirt tanmirt
    tashakor tashakkor tashakur khodahafez khoda hafez
    merhaba teşekkürler tesekkurler teşekkür tesekkur ederim sağol sagol sağolun görüşürüz
    lütfen lutfen inşallah selam
    silav spas supas sipas
    barev shnorhakalutyun shnorhakal
    jërëjëf jerejef jërejëf nanga def
    barika ni ce sogoma
    mbote matondo malamu
    misaotra betsaka veloma manao ahoana
    marahaba kwaheri
    freundliche grüße grüsse grusse liebe gruß distinti cordiali saluti vriendelijke groet
    groeten
    sana jambo habari karibu
    xin chào cảm ơn cám tạm biệt
    nǐ hǎo nihao xièxie xiexie zàijiàn zaijian
    vanakkam nandri nanri
    namaste dhanyavaad dhanyavad shukriya
    arkoun orkun chumreap suor sabaidee khop chai khun sawasdee
    arigato arigatou konnichiwa sayonara annyeong kamsahamnida
    privet spasibo zdravstvuyte svidaniya pozhaluysta
    dyakuyu dyakuju pryvit dobryi
    dzień dzien dobry dziękuję dziekuje cześć czesc widzenia proszę prosze
    bună buna ziua mulțumesc multumesc mersi revedere
    obrigado obrigada olá bom tarde tchau adeus até desculpe
    hola gracias muchas buenos días buenas tardes adiós adios hasta luego perdón perdon
    disculpe
    ciao buongiorno buonasera arrivederci prego scusi carissimi carissimo carissima gentili
    egregi egregio signori
    danke schön schon vielen dank hallo guten tschüss tschuss wiedersehen bitte grüße
    bedankt goedendag ziens alstublieft
    thanks cheers goodbye bye sorry please
    a+ @+ bises bisous bisou biz bizz
    efcharistó efcharisto kalimera
    hvala zdravo doviđenja dovidjenja
    faleminderit përshëndetje pershendetje mirëdita miredita
    köszönöm koszonom szia děkuji dekuji ahoj
    blagodarya gmadlobt madloba gamarjoba
    amesegnalehu mahadsanid shalom
    jaaraama jaraama allah
    """
)
# Acronyms of the administration and technical words in capitals ("IBAN", "RIB", "CAF",
# "PMI"): never a name, nor a surname beside one.
ACRONYMS = word_set(
    """
    caf cpam rsa apl hlm ccas mdph edf sncf ratp pmi pai cmu ame css ehpad ape crous
    dgfip urssaf msa ars cnil rgpd sms pdf rdv cv cdi cdd smic tva nir iban rib
    pole sdf vtc gdf tnt adsl fai sav ssiad saad clsh alsh ram rpe cesu cada
    aah ald als aspa ass cmg paje prepa ars qf rsa rdc pmr aesh atsem ulis segpa
    bic swift siret siren urssaf anah cni ants ofii oqtf tsa ppa css apa ccas
    spa sdis samu smur gps wifi usb url html faq otp dob
    sarl sas sasu eurl sci earl gaec scop
    pacs asvp ddn
    cp ce1 ce2 cm cm1 cm2 pm
    """
)


# Numbers written in words: a date in a formal letter or a certificate ("vingt-deux avril mille
# neuf cent quarante-trois"), a street's number or a phone number dictated.
NUMBER_WORD = (
    r"(?:quatorze|quarante|cinquante|soixante|quatre|trente|treize|quinze|douze|vingts?"
    r"|seize|trois|cents?|deux|cinq|sept|huit|neuf|onze|six|dix|un)(?![a-zé])"
)
# "et" only between two numbers ("vingt et un"), never ending one ("… trente-huit et").
NEXT_NUMBER_WORD = rf"[- ](?:et[- ])?{NUMBER_WORD}"
