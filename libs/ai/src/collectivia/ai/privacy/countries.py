"""The world's countries as the guard's messages name them, in French, in English and in their
own words: a country closes an address abroad, and is no one's name. Written by hand: the names
that are also first names or French towns are left out ("Jordan", "Georgia", "Grenade",
"Maurice", "Dominique")."""

from __future__ import annotations

# The country closing an address written for the post ("…, 4700-035 Braga, Portugal"; an
# Italian province first: "06034 Foligno (PG), Italia").
COUNTRY = (
    r"(?:France|Italia|Italie|España|Espagne|Portugal|Deutschland|Allemagne|Polska|Pologne"
    r"|România|Roumanie|Belgique|België|Suisse|Schweiz|Nederland|Netherlands|Pays-Bas|Türkiye"
    r"|Turquie|Maroc|Algérie|Tunisie|Sénégal|Mali|Comores|Arménie|Armenia|Ukraine|Luxembourg"
    r"|Lëtzebuerg|Côte d['\u2019]Ivoire|Cameroun|Congo|RDC|RD\s?Congo|Guinée|Mauritanie|Madagascar"
    r"|Royaume-Uni|United Kingdom|UK|Ireland|Irlande|Austria|Autriche|Österreich"
    # the countries families write home to, in French and in their own words (not "Maurice",
    # "Dominique": first names as well)
    r"|Belgium|Brasil|Brésil|Brazil|Haïti|Haiti|Suriname|Guyana|India|Inde|Sri Lanka|Pakistan"
    r"|Bangladesh|Vietnam|Viêt Nam|Viet Nam|Việt Nam|Chine|China|Cambodge|Laos|Philippines"
    r"|Kosovo|Albanie"
    r"|Shqipëri|Kosovë|Kosova|Hayastan|Serbie|Bulgarie|Moldavie|Géorgie|Russie|Tchétchénie|Syrie|Liban|Égypte|Egypte"
    r"|Afghanistan|Cap-Vert|Cabo Verde|Bénin|Togo|Burkina Faso|Niger|Tchad|Gabon|Gambie"
    r"|Guinée-Bissau|Nigeria|Ghana|Éthiopie|Erythrée|Érythrée|Somalie|Soudan|Colombie|Pérou"
    r"|Équateur|Chili|Argentine|Canada|USA|États-Unis|Suède|Sverige|Sweden|Norvège|Norge|Norway"
    r"|Danemark|Danmark|Denmark|Finlande|Suomi|Finland|Monaco|Italy|Spain|Germany|Poland|Romania"
    r"|Bulgaria|България|Syria"
    r"|Turkey|Morocco|Algeria|Tunisia|Senegal|Eritrea|Venezuela|Colombia|Espanya|Union des Comores"
    r"|République démocratique du Congo|Україна|Украина"
    # the Caribbean's and the Americas' neighbours, Oceania's, and more of the world's (not
    # "Jordan", "Georgia", "Grenade": first names, a French town)
    r"|Albania|Shqipëria|(?:Commonwealth\s+of\s+)?Dominica|Saint[ -]Lucia|Sainte-Lucie"
    r"|Sint Maarten|República Dominicana|République dominicaine|Dominican Republic|Jamaica"
    r"|Jamaïque|Cuba|Trinidad and Tobago|Trinité-et-Tobago|Barbados|Barbade|Mexique|México"
    r"|United States(?: of America)?|Estados Unidos|Australia|Australie|New Zealand"
    r"|Nouvelle-Zélande|Vanuatu|Fidji|Fiji|Indonesia|Indonésie|Japon|Japan|Thaïlande|Thailand"
    r"|Corée du Sud|South Korea|Iran|Irak|Iraq|Jordanie|Israël|Palestine|Yémen|Yemen|Libye"
    r"|Libya|Egypt|Sudan|Kenya|Rwanda|Burundi|Angola|Mozambique|Afrique du Sud|South Africa"
    r"|Ouganda|Uganda|Tanzanie|Tanzania|Djibouti|Centrafrique|Liberia|Sierra Leone|Grèce"
    r"|Greece|Hongrie|Hungary|Croatie|Croatia|Bosnie-Herzégovine|Serbia|Srbija|Macédoine du Nord"
    r"|Monténégro|Slovénie|Slovaquie|Tchéquie|Czechia|Lituanie|Lettonie|Estonie|Biélorussie"
    r"|Belarus|Moldova|Azerbaïdjan|Kazakhstan|Ouzbékistan|Tadjikistan|Kirghizistan|Mongolie"
    r"|Népal|Nepal|Birmanie|Myanmar|Malaisie|Malaysia|Singapour|Singapore|Taïwan|Switzerland"
    r"|Svizzera|Argentina|Chile|Perú|Peru|Ecuador|Bolivie|Bolivia|Paraguay|Uruguay|Cameroon"
    r"|Mauritania|Guinea"
    # in capitals, as an envelope's last line is written (« VIA ROMA 12, 24121 BERGAMO (BG),
    # ITALIA »)
    r"|ITALIA|ITALIE|ESPAÑA|ESPAGNE|PORTUGAL|DEUTSCHLAND|ALLEMAGNE|BELGIQUE|SUISSE|MAROC"
    r"|ALG[ÉE]RIE|TUNISIE|TURQUIE|T[ÜU]RKIYE|S[ÉE]N[ÉE]GAL|MALI|ROUMANIE|ROM[ÂA]NIA|POLOGNE"
    r"|POLSKA|ROYAUME-UNI|BRASIL|BR[ÉE]SIL|CHINE|COMORES|CAMEROUN|HA[ÏI]TI|UKRAINE)"
)
