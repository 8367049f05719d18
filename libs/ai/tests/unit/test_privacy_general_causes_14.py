"""General causes of missed addresses seen on the seventeenth and eighteenth sets (the overseas
departments, Marseille's north, the Nord and the Pas-de-Calais; both measured blind first, then
read for their addresses; never their sentences): a relative's address abroad closed by its
region and its country, or opened by a quarter, a village, a douar instead of a number; a
quarter or a village before its postcode; the Nord's « courée »; a mining estate's numbered
« cité »; a road's kilometre marker (« PK 12 », « RN1 PK 32 »); « st denis » after a postcode
typed in lower case."""

from __future__ import annotations

from typing import cast

import pytest

from collectivia.ai.privacy import PiiType, PrivacyGuard
from collectivia.ai.privacy.person_model import PersonModel
from collectivia.testkit.doubles import FixedPersonModel
from collectivia.testkit.privacy_probes import found


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the street first, then its town, its region and its country
        (
            "Mon frère vit Rua do Sol 88, Recife, Pernambuco, Brasil.",
            ["Rua do Sol 88, Recife, Pernambuco, Brasil"],
        ),
        (
            "Courrier pour ma tante : Kerkstraat 5, Brugge, Belgium",
            ["Kerkstraat 5, Brugge, Belgium"],
        ),
        # a quarter, a village, a douar where the street would be
        (
            "Ma mère habite quartier Badjanani, Mutsamudu, Anjouan, Comores.",
            ["quartier Badjanani, Mutsamudu, Anjouan, Comores"],
        ),
        (
            "Envoyer à : douar Ouled Ali, commune Tafrant, province de Taounate, Maroc",
            ["douar Ouled Ali, commune Tafrant, province de Taounate, Maroc"],
        ),
        (
            "Son père est resté au village Ighil Ali, wilaya de Béjaïa, Algérie.",
            ["village Ighil Ali, wilaya de Béjaïa, Algérie"],
        ),
        (
            "Adresse au pays : Hay Nahda, rue 7, n° 12, Oujda, Maroc",
            ["Hay Nahda, rue 7, n° 12, Oujda, Maroc"],
        ),
        (
            "Ma sœur vit No. 12, Station Road, Kokuvil, Jaffna, Sri Lanka.",
            ["No. 12, Station Road, Kokuvil, Jaffna, Sri Lanka"],
        ),
        ("Écrire à BP 118, Fomboni, Mohéli, Comores", ["BP 118, Fomboni, Mohéli, Comores"]),
        # a town and its country are a birthplace or a partner, no one's address
        ("Il est né à Tizi Ouzou, Algérie, en 1970.", []),
        ("Nous avons des partenaires à Dakar, Sénégal, depuis 2019.", []),
        ("Le quartier Saint-Michel, Toulouse, France accueille la fête.", []),
    ],
)
def test_addresses_abroad_closed_by_their_country(text: str, expected: list[str]) -> None:
    assert found(text, PiiType.ADDRESS) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Elle vit quartier de la Savane, 97300 Cayenne.",
            ["quartier de la Savane, 97300 Cayenne"],
        ),
        (
            "Famille installée village Saint-Jean, 97320 Saint-Laurent-du-Maroni",
            ["village Saint-Jean, 97320 Saint-Laurent-du-Maroni"],
        ),
        # without its postcode a quarter is everyone's
        ("La fête du quartier Saint-Michel aura lieu samedi.", []),
        ("Le village de Noël ouvre place Kléber.", []),
    ],
)
def test_a_quarter_or_a_village_before_its_postcode(text: str, expected: list[str]) -> None:
    assert found(text, PiiType.ADDRESS) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Il loge au 14 courée des Trois Sœurs, 59100 Roubaix.",
            ["14 courée des Trois Sœurs, 59100 Roubaix"],
        ),
        (
            "Adresse : 18 rue de Lorraine, cité n°3, 62290 Nœux-les-Mines",
            ["18 rue de Lorraine, cité n°3, 62290 Nœux-les-Mines"],
        ),
        (
            "Elle habite cité 7, 9 rue des Acacias, 62110 Hénin-Beaumont.",
            ["cité 7, 9 rue des Acacias, 62110 Hénin-Beaumont"],
        ),
        # a number after « cité » alone is no address
        ("La cité 7 a été rénovée en 2015.", []),
    ],
)
def test_courees_and_numbered_mining_estates(text: str, expected: list[str]) -> None:
    assert found(text, PiiType.ADDRESS) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Nous habitons PK 12 route de Montsinéry, 97355 Macouria.",
            ["PK 12 route de Montsinéry, 97355 Macouria"],
        ),
        ("Case au RN1 PK 32, 97440 Saint-André.", ["RN1 PK 32, 97440 Saint-André"]),
        ("Maison isolée RD 15 PR 8+200, 26400 Crest", ["RD 15 PR 8+200, 26400 Crest"]),
        # works on a road: no postcode, no one's home
        ("Travaux sur la RN2 au PK 45 jusqu'à vendredi.", []),
    ],
)
def test_kilometre_markers(text: str, expected: list[str]) -> None:
    assert found(text, PiiType.ADDRESS) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("jhabite 12 rue des manguiers 97400 st denis", ["12 rue des manguiers 97400 st denis"]),
        ("c au 3 av foch 42000 ste marie merci", ["3 av foch 42000 ste marie"]),
    ],
)
def test_a_saint_town_typed_in_lower_case(text: str, expected: list[str]) -> None:
    assert found(text, PiiType.ADDRESS) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the town the street's rule cut short, then the country
        (
            "Sa mère vit 15, rue Capois, Port-au-Prince, Haïti.",
            ["15, rue Capois, Port-au-Prince, Haïti"],
        ),
        (
            "Envoyer au 8 rue Larbi Ben M'hidi, Oran, Algérie",
            ["8 rue Larbi Ben M'hidi, Oran, Algérie"],
        ),
        (
            "Adresse de son oncle : 45/2 Galle Road, Colombo 06, Sri Lanka",
            ["45/2 Galle Road, Colombo 06, Sri Lanka"],
        ),
        (
            "Str. Mihai Viteazu nr. 8, sat Sohodol, jud. Alba, România",
            ["Str. Mihai Viteazu nr. 8, sat Sohodol, jud. Alba, România"],
        ),
        (
            "Son frère : Drottninggatan 4, 111 51 Stockholm, Suède.",
            ["Drottninggatan 4, 111 51 Stockholm, Suède"],
        ),
        # an Italian province closing the town
        ("Via Roma 3, 18039 Ventimiglia (IM).", ["Via Roma 3, 18039 Ventimiglia (IM)"]),
        (
            "Ils vivent maison 14, quartier Coulée, Moroni, Comores.",
            ["maison 14, quartier Coulée, Moroni, Comores"],
        ),
        # an address in France keeps its end: the next clause's country is no part of it
        (
            "Il habite 4 rue des Lilas, 67000 Strasbourg. Sa fille est au Maroc.",
            ["4 rue des Lilas, 67000 Strasbourg"],
        ),
    ],
)
def test_the_town_and_country_closing_an_address_abroad(text: str, expected: list[str]) -> None:
    assert found(text, PiiType.ADDRESS) == expected


def test_a_quarter_with_its_number() -> None:
    text = "Nous sommes au 12 quartier Saint-Roch, 06540 Breil-sur-Roya."
    assert found(text, PiiType.ADDRESS) == ["12 quartier Saint-Roch, 06540 Breil-sur-Roya"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Expéditeur : Derb Moulay Ali n° 8, Médina, 40000 Marrakech, Maroc",
            ["Derb Moulay Ali n° 8, Médina, 40000 Marrakech, Maroc"],
        ),
        (
            "Sa famille : Cité 600 logements, bloc 3, n°12, Bab Ezzouar, Alger, Algérie",
            ["Cité 600 logements, bloc 3, n°12, Bab Ezzouar, Alger, Algérie"],
        ),
        (
            "We live at 8 Harbour Parade, Whitley Bay NE26 1AB, UK.",
            ["8 Harbour Parade, Whitley Bay NE26 1AB, UK"],
        ),
        (
            "Ancienne adresse : 5 via Cairoli, 16124 Genova, Italia",
            ["5 via Cairoli, 16124 Genova, Italia"],
        ),
        ("Nørrebrogade 41, 2200 København, Danmark", ["Nørrebrogade 41, 2200 København, Danmark"]),
        # the writer's home named before its number
        (
            "Adresse : Le Mirabeau, 12 avenue de Grande-Bretagne, 98000 Monaco",
            ["Le Mirabeau, 12 avenue de Grande-Bretagne, 98000 Monaco"],
        ),
        (
            "Bonjour, j'habite Les Jardins de Provence, bât C, 8 rue Pastorelli, 06000 Nice.",
            ["Les Jardins de Provence, bât C, 8 rue Pastorelli, 06000 Nice"],
        ),
        # a surname before an address on a list is no building
        ("Bénéficiaire : Le Gall, 27 rue de Siam, 29200 Brest", ["27 rue de Siam, 29200 Brest"]),
    ],
)
def test_more_forms_abroad_and_homes_named_first(text: str, expected: list[str]) -> None:
    assert found(text, PiiType.ADDRESS) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("inscription foot : lucas ne en 2013 et ines ne en 2015", ["2013", "2015"]),
        ("Mon père est né en 1949.", ["1949"]),
        # a negation is written « n'en »
        ("je n'en sais rien depuis 2015", []),
    ],
)
def test_a_birth_year_typed_without_its_accent(text: str, expected: list[str]) -> None:
    assert found(text, PiiType.BIRTH_DATE) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a residence's lines, then its street's: one address
        (
            "De :\nRésidence Les Acacias\nBât. B \u2013 Appt 12\n7 rue Paul-Bert\n32000 AUCH",
            ["Résidence Les Acacias\nBât. B \u2013 Appt 12\n7 rue Paul-Bert\n32000 AUCH"],
        ),
        # two homes on two lines stay two
        (
            "Adresses :\n12 rue des Lilas, 32000 Auch\n4 rue Carnot, 32000 Auch",
            ["12 rue des Lilas, 32000 Auch", "4 rue Carnot, 32000 Auch"],
        ),
        # the country on the envelope's last line
        ("Le Moulin Vieux\n32120 Mauvezin\nFrance", ["Le Moulin Vieux\n32120 Mauvezin\nFrance"]),
        (
            "Écrire au 3 rue Gambetta\n32000 Auch\nFrance Travail a mon dossier.",
            ["3 rue Gambetta\n32000 Auch"],
        ),
        # a spreadsheet's cells
        (
            "nom;adresse;cp;ville\nDurand;12 avenue de Gimont;32600;L'ISLE-JOURDAIN",
            ["12 avenue de Gimont;32600;L'ISLE-JOURDAIN"],
        ),
    ],
)
def test_an_address_in_parts_on_lines_and_cells(text: str, expected: list[str]) -> None:
    assert found(text, PiiType.ADDRESS) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Livraison : Moulin de Peyrusse, Saramon", ["Moulin de Peyrusse, Saramon"]),
        ("Elle vit au lieu-dit Le Bernet, Samatan.", ["lieu-dit Le Bernet, Samatan"]),
        ("notre métairie Lagarde à Mirande", ["métairie Lagarde à Mirande"]),
        # a venue one visits, a hamlet without its town
        ("Sortie au Moulin de Peyrusse, Saramon, le 12 mai.", []),
        ("Le lieu-dit Le Bernet est inondé.", []),
        # a form's next label is no part of the hamlet's name
        (
            "Adresse du bien : Maison Lagrange, lieu-dit Les Arrats\nCommune : Mauvezin",
            ["Maison Lagrange, lieu-dit Les Arrats"],
        ),
    ],
)
def test_a_named_house_or_a_hamlet_before_its_town(text: str, expected: list[str]) -> None:
    assert found(text, PiiType.ADDRESS) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a house's name after "at", "house:", "sa maison,"
        (
            "We own the cottage at La Grange Fleurie, 18 chemin des Hogues, 14600 Honfleur.",
            ["La Grange Fleurie, 18 chemin des Hogues, 14600 Honfleur"],
        ),
        (
            "Our house: Les Tilleuls, 3 rue du Bourg, 76110 Goderville.",
            ["Les Tilleuls, 3 rue du Bourg, 76110 Goderville"],
        ),
        # a country road known by its number, a regiment's street
        (
            "Ferme des Noës, 41 chemin rural n°9, 14500 Vire Normandie",
            ["Ferme des Noës, 41 chemin rural n°9, 14500 Vire Normandie"],
        ),
        ("c au 4 rue du 129e RI 76600 le havre", ["4 rue du 129e RI 76600 le havre"]),
        # a flat before its tower
        (
            "appt 904 tour Octeville 6 rue Denis Papin 76620 le havre",
            ["appt 904 tour Octeville 6 rue Denis Papin 76620 le havre"],
        ),
        # an African address opened by « n° » or a sector
        (
            "Sa mère : n°12, avenue Kabambare, commune de Kinshasa, Kinshasa, RDC",
            ["n°12, avenue Kabambare, commune de Kinshasa, Kinshasa, RDC"],
        ),
        ("Mobile money and Cyrillic addresses aside, rien ici.", []),
    ],
)
def test_house_names_country_roads_and_flats(text: str, expected: list[str]) -> None:
    assert found(text, PiiType.ADDRESS) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Адреса: вул. Пушкінська, 12, кв. 3, Харків, 61057, Україна",
            ["вул. Пушкінська, 12, кв. 3, Харків, 61057, Україна"],
        ),
        (
            "Her flat: vul. Lvivska 14, kv. 21, Lviv 79000, Ukraine",
            ["vul. Lvivska 14, kv. 21, Lviv 79000, Ukraine"],
        ),
        (
            "Mi madre: Calle de Toledo 88, piso 2º, puerta C, 28005 Madrid, España",
            ["Calle de Toledo 88, piso 2º, puerta C, 28005 Madrid, España"],
        ),
        (
            "Familia: Carrera 15 # 34-20, apto 501, Barrio Teusaquillo, Bogotá D.C., Colombia",
            ["Carrera 15 # 34-20, apto 501, Barrio Teusaquillo, Bogotá D.C., Colombia"],
        ),
        ("La calle 5 es cerrada.", []),
    ],
)
def test_ukrainian_spanish_and_colombian_addresses(text: str, expected: list[str]) -> None:
    assert found(text, PiiType.ADDRESS) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Nom : Musa\nPrénom : Amna\nAnnée de naissance : 1987\n", ["1987"]),
        (
            "Inscrire Paul et Lise Martin, nés respectivement le 02/03/1950 et le 09/10/1952.",
            ["02/03/1950", "09/10/1952"],
        ),
        ("soy de Cali, nací el 03/05/2006 gracias", ["03/05/2006"]),
        # a year after the label's colon, not a date nor a postcode
        ("Année de naissance : 1993-94 (à vérifier)", []),
    ],
)
def test_birth_dates_in_forms_pairs_and_spanish(text: str, expected: list[str]) -> None:
    assert found(text, PiiType.BIRTH_DATE) == expected


def test_a_table_cell_written_surname_comma_first_is_one_name() -> None:
    text = "N°;Titulaire;Défunt\nA-118;ROUSSEL, Henri;ROUSSEL Paul\n"
    assert found(text, PiiType.NAME) == ["ROUSSEL, Henri", "ROUSSEL Paul"]


def test_a_name_read_across_cells_keeps_the_cells_that_may_be_names() -> None:
    guard = PrivacyGuard(persons=cast(PersonModel, FixedPersonModel("Façades;Nadia Benali;rue")))
    text = "Catégorie;Lauréat;Rue\nFaçades;Nadia Benali;rue Pierre Curie\n"
    assert found(text, PiiType.NAME, guard) == ["Nadia Benali"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Enfants à charge : Yanis (2011), Inès (2014)", ["2011", "2014"]),
        ("Suite au décès de mon père Roger Lemoine (1931-2024), je vous écris.", ["1931"]),
        # a recent year is a request's, a bracket of words no date
        ("Dossier de M. Karim Bensaïd (2026) en cours.", []),
        ("Réponse de Julie Martin (service urbanisme).", []),
    ],
)
def test_a_year_in_brackets_after_a_name(text: str, expected: list[str]) -> None:
    assert found(text, PiiType.BIRTH_DATE) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Сестра: zh.k. Lyulin 5, bl. 312, vh. B, et. 7, ap. 41, 1324 Sofia, Bulgaria",
            ["zh.k. Lyulin 5, bl. 312, vh. B, et. 7, ap. 41, 1324 Sofia, Bulgaria"],
        ),
        (
            "Annem: Yeşil Mahallesi, 412 Sokak No:3 Daire 8, 38030 Melikgazi/Kayseri, Türkiye",
            ["Yeşil Mahallesi, 412 Sokak No:3 Daire 8, 38030 Melikgazi/Kayseri, Türkiye"],
        ),
        (
            "Famille à Abidjan : quartier Angré, lot 88, ilot 9, Cocody, Abidjan, Côte d'Ivoire",
            ["quartier Angré, lot 88, ilot 9, Cocody, Abidjan, Côte d'Ivoire"],
        ),
        (
            "Son frère : rue Al-Jamiliyah, maison 8, quartier Al-Aziziyah, Alep, Syrie",
            ["rue Al-Jamiliyah, maison 8, quartier Al-Aziziyah, Alep, Syrie"],
        ),
        (
            "Ancienne adresse : immeuble 4, rue 9, quartier Al-Midan, Damas, Syrie",
            ["immeuble 4, rue 9, quartier Al-Midan, Damas, Syrie"],
        ),
        # a street and a foreign country apart are not an address
        ("La rue Al-Mutanabbi est célèbre en Syrie.", []),
    ],
)
def test_bulgarian_turkish_ivorian_and_syrian_homes(text: str, expected: list[str]) -> None:
    assert found(text, PiiType.ADDRESS) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Ils vivent à l'airial de Lesperon, 40260 Linxe.", ["airial de Lesperon, 40260 Linxe"]),
        ("Adresse : buron de la Combe, 15300 Murat", ["buron de la Combe, 15300 Murat"]),
        (
            "Hébergé au Foyer de jeunes travailleurs, chambre 12, 5 rue Gaultier, 63000 Clermont",
            ["Foyer de jeunes travailleurs, chambre 12, 5 rue Gaultier, 63000 Clermont"],
        ),
        # the person named before the home is a name, not the address's first part
        (
            "Les enfants sont domiciliés chez leur mère, Mme Sandra Pujol, Cité Lumineuse, bât. 2, "
            "33300 Bordeaux.",
            ["Cité Lumineuse, bât. 2, 33300 Bordeaux"],
        ),
    ],
)
def test_farms_hostels_and_a_person_before_the_home(text: str, expected: list[str]) -> None:
    assert found(text, PiiType.ADDRESS) == expected
