"""Addresses written abroad, as relatives' homes and newcomers' former ones are given: the
number after the street ("Via Roma 12, 50123 Firenze"), Britain's and Ireland's forms, German,
Turkish, Ukrainian, Bulgarian (Cyrillic and transliterated), Colombian, Vietnamese, Brazilian,
Chinese ones, and homes opened by a quarter, a village or a douar and closed by their country
("quartier Mkazi, Moroni, Grande Comore, Comores")."""

from __future__ import annotations

import re
from collections.abc import Iterator

from collectivia.ai.privacy.address_extents import (
    CHAIN_TO_COUNTRY,
    TOWN,
    with_country,
    with_extent,
)
from collectivia.ai.privacy.countries import COUNTRY
from collectivia.ai.privacy.lexicon import CAPITALISED_WORD, UPPER
from collectivia.ai.privacy.spans import PiiType, Span

# A British postcode (« BS6 5QT », « TN27 8DB »).
UK_POSTCODE = r"[A-Z]{1,2}\d[A-Z\d]?\s?\d[A-Z]{2}"
# An address in Britain or Ireland, its street's type last ("42 Hawthorn Road, Harrogate HG1
# 2QT, United Kingdom"): a newcomer's former address, a second home's owner.
_ENGLISH_ADDRESS = re.compile(
    # (an American's too: its direction first, its type shortened, « 1420 N Maple St »)
    rf"(?<![\w.,/-])\d{{1,5}}(?:/\d{{1,3}})?[A-Za-z]?\s+(?:[NSEW]\.?\s+)?"
    rf"{CAPITALISED_WORD}(?:\s+{CAPITALISED_WORD}){{0,2}}\s+"
    r"(?:Road|Street|Lane|Drive|Close|Grove|Way|Gardens|Crescent|Terrace|Court|Avenue|Green"
    r"|Row|Mews|Square|Hill|Walk|Parade|Rise|Place|Park|Quay|Wharf"
    r"|St|Ave|Blvd|Rd|Dr|Ln|Pl|Ct|Boulevard)\b\.?"
    # its apartment or suite (« Apt 3B », « Suite 200 », « #12 »)
    r"(?:,?[ \t]*(?:Apt\.?|Apartment|Suite|Unit|#)[ \t]*[\dA-Z]{1,5}\b)?"
    # its town and county, on its line or the next ("Tiverton, Devon EX16 6QT", "Leamington Spa")
    rf"(?:(?:,[ \t]*|[ \t]*\n[ \t]*){CAPITALISED_WORD}(?:[ \t]{CAPITALISED_WORD})?(?![\w-])){{0,2}}"
    rf"(?:(?:,[ \t]*|[ \t]+){UK_POSTCODE}"
    # an American state and ZIP code (« Chicago, IL 60610 »)
    r"|,?[ \t]*[A-Z]{2}[ \t]+\d{5}(?:-\d{4})?(?!\d))?"
    # (its country after a comma or on its own line)
    r"(?:(?:,\s*|[ \t]*\n[ \t]*)(?:United\s+Kingdom|UK|Royaume-Uni|England|Angleterre|Ireland"
    r"|Irlande|Scotland"
    r"|Écosse|Wales|USA|U\.S\.A\.|United\s+States|[ÉE]tats-Unis))?"
)
# An address abroad, its number after the street's name ("Via Roma 12, 50123 Firenze",
# "Rua da Prata 45", "Calle Mayor 3, 28013 Madrid", "Hauptstraße 5, 10115 Berlin"): a
# newcomer's former address or a relative's.
_FOREIGN_PARTICLE = (
    r"(?:(?:da|do|dos|das|di|del|della|dello|degli|de|des|du|la|le|les|los|las|el|der|am|cel)\s+)"
)
_FOREIGN_STREET = (
    r"(?:(?:[Vv]ia|[Vv]iale|[Pp]iazza|[Cc]orso|[Cc]alle|Avenida|[Rr]ua|Praça|Praca|Travessa|Largo|Paseo|Plaza|Derb"
    # Spanish and Catalan abbreviations and types ("Avda. de Navarra 7", "Pza. Mayor 2")
    r"|Avda\.|Avinguda|Carrer|Passeig|Pza\.|Ronda|Travesía|Glorieta"
    r"|Camino|Ulica|ul\.|Strada|Bulevardul|[Ss]tr\.|[Rr]ue|[Aa]venue|Chaussée"
    # Ukrainian transliterated ("vul. Saksahanskoho 41"), a Spanish "C/"
    r"|vul\.|vulytsia|prospekt|prosp\.|provulok|C/"
    # Albanian ("rr. Nëna Terezë nr. 45", "Rruga e Durrësit")
    r"|[Rr]r\.|[Rr]ruga(?:\s+e)?"
    # an Italian hamlet or country place ("Frazione Chez-Borgne 8", "Località Pian del Re 3")
    r"|[Ff]razione|[Ll]ocalità|[Cc]ontrada)\s*"
    # a title in the street's name ("Rua Dr. Alberto Sampaio 45")
    r"(?:(?:Dr|Prof|Pe|Eng|Gen|Cel|Dom|Sta)\.\s+)?"
    rf"{_FOREIGN_PARTICLE}*{CAPITALISED_WORD}(?:(?:\s+|-){_FOREIGN_PARTICLE}*{CAPITALISED_WORD}){{0,3}}"
    rf"|(?:(?:Am|Im|An der|Auf dem|In der|Zum|Zur|Unter den)\s+)?"
    rf"[{UPPER}][\w-]*(?:straße|strasse|str\.|weg|platz|gasse|allee|ring|damm|ufer|markt|garten|straat|laan|plein|gracht|kade|singel|gatan|vägen"
    r"|gata|vej|vejen|gade|gaden|veien|veg|vegen|katu|tie)"
    # German, the street's type apart: "Mainzer Str. 41", "Kehler Straße 8"
    rf"|{CAPITALISED_WORD}\s+(?:Str\.|Straße|Strasse|Weg|Platz|Allee|Gasse|Ring)"
    # Basque puts the street's type after its name: "San Pedro kalea 7"
    rf"|{CAPITALISED_WORD}(?:\s+{CAPITALISED_WORD}){{0,2}}\s+(?:kalea|kalia|etorbidea|bidea|plaza))"
)
# The number ends the street: then a postcode, a punctuation mark or the line's end, not a
# word ("la Piazza Navona 2 fois").
_FOREIGN_ADDRESS = re.compile(
    # its number, maybe after "nr." or "n.º", a flat after a slash ("ul. Słowackiego 14/3")
    # or its building's (Albanian "Pallati 45")
    # ("avenue Kasa-Vubu n° 112, commune de Kalamu, Kinshasa, RDC")
    # (on the street's line: "1. Amets, 7 rue des Cordeliers\n2. Paulette" ends at the street)
    # (the Dominican Republic's and the Americas' « # »: "Calle Duarte #45")
    rf"(?<![\w]){_FOREIGN_STREET},?[ \t]+"
    # (the Spanish-speaking Americas' « No. »: "Calle El Conde No. 112")
    r"(?:(?i:nr)\.?\s*|n\.?\s?[º°]\s*|No\.\s?|#\s?|(?i:pallati|pall\.)\s*)?"
    r"\d{1,4}(?!\d)"
    r"(?:/\d{1,4}(?!\d))?(?:[a-zA-Z]\b|\s[A-Z]\b|\s?(?:bis|ter)\b)?"
    r"(?=\s*(?:[,.;:)\n]|$|\d)|\s+(?i:bte|boîte|bus)\b)"
    # the floor and the door ("3º izquierda", "2.º Esq.", "4º B"), a Belgian letterbox
    r"(?:\s*,\s*(?:\d{1,2}\.?\s?[ºª°]\.?(?:\s*(?:[A-Z]\b|(?i:izq(?:uierda)?|izda|dcha|derecha|esq"
    r"|dto|dir)\.?))?|(?i:boîte|bus)\s+\d{1,3}))?(?:\s+(?i:bte|boîte|bus)\.?\s*\d{1,3})?"
    # a Romanian block, staircase and flat ("bl. B3, sc. 1, ap. 9"), a Ukrainian flat ("kv. 8"),
    # a Spanish floor and door ("piso 3º, puerta B"), a Catalan one ("2n 1a")
    # an Albanian staircase and floor ("Shkalla 2", "Kati 3")
    r"(?:\s*,\s*(?:(?i:bl|sc|ap|et|kv|vh)\.\s*(?:[A-Z]?\d{1,3}[A-Z]?|[A-Z\u0410-\u042f]\b)"
    r"|(?i:shkalla|kati)\s+\d{1,2}"
    # an Italian staircase and flat ("scala B, interno 5")
    r"|(?i:piso|planta|puerta|escalera|apto\.?|scala|interno|piano)\s*[\dA-Z]{1,3}º?|\d{1,2}[nrtº]\s\d{1,2}[aª]))*"
    # the postcode: Portugal's "4900-012", Poland's "62-800", the Netherlands' "3511 AV"
    rf"(?:\s*,?\s*(?:(?:[A-Z]{{1,2}}-?)?(?<!\d)\d{{4,6}}(?:-\d{{3}}|\s[A-Z]{{2}}(?=\s+[A-Z]))?"
    rf"|\d{{2}}-\d{{3}}|\d{{3}} \d{{2}})\s+{TOWN}"
    # a town of two words, before a comma or the line's end ("20013 Donostia-San Sebastián")
    rf"(?:[ \t]+{CAPITALISED_WORD}(?=[ \t]*(?:[,;()\n]|$)))?"
    rf"(?:\s+(?:do|da|dos|de|del|di|am|im)\s+{CAPITALISED_WORD})?"  # "Viana do Castelo"
    # its province in brackets ("50123 Firenze (FI)", "20302 Irun (Gipuzkoa)")
    # (not the country in brackets, which a writer adds for the reader: « (Portugal) »)
    rf"(?:\s+\((?:[A-Z]{{2}}|(?!{COUNTRY}\)){CAPITALISED_WORD})\))?(?:\s*,\s*{COUNTRY})?"
    # Brazil's: its quarter, its town and state, its CEP ("…, Trem, Macapá - AP, 68901-130")
    rf"|(?:[ \t]*,[ \t]*{CAPITALISED_WORD}"
    rf"(?:[ \t]+(?:d[aoe]s?[ \t]+)?{CAPITALISED_WORD}){{0,3}}){{1,3}}"
    r"[ \t]*-[ \t]*[A-Z]{2}(?:[ \t]*,[ \t]*|[ \t]+)(?:CEP[ \t]*)?\d{5}-?\d{3}(?!\d))?"
)
# A Chinese address in its own script, from the province or the city down to the door
# (« 浙江省青田县鹤城街道解放街18号 », « 广州市越秀区中山四路88号3栋502房 »), then its postcode:
# a relative's. It opens on a province by name or a city (a sentence may run into it: « 我母亲的
# 地址是中国浙江省… »), and holds a door's, a building's or a room's number, or a village.
_HAN = "\u3400-\u4dbf\u4e00-\u9fff"
_PROVINCES = (
    "北京|天津|上海|重庆|河北|山西|辽宁|吉林|黑龙江|江苏|浙江|安徽|福建|江西|山东|河南|湖北"
    "|湖南|广东|海南|四川|贵州|云南|陕西|甘肃|青海|台湾|内蒙古|广西|西藏|宁夏|新疆|香港|澳门"
)
_CHINESE_ADDRESS = re.compile(
    rf"(?:中国)?(?:(?:{_PROVINCES})(?:省|市|自治区|特别行政区)?|[{_HAN}]{{2}}市)"
    rf"(?=[{_HAN}\d-]*?(?:\d+[号栋楼室房]|村))[{_HAN}\d-]{{3,}}"
    rf"(?:[ \t]*[,\uff0c][ \t]*\d{{6}}(?!\d))?"
    rf"(?:[ \t]*[,\uff0c][ \t]*{COUNTRY})?"
)
# A Turkish address: its quarter, its street or avenue, its door number after "No", its flat,
# then postcode, district and province ("Atatürk Mah. 12. Sokak No: 5, 63300
# Siverek/Sanliurfa"): a relative's, or the home a family left.
_TURKISH_STREET = (
    # (on its line: "Arslan\nBağdat Cad." is a signature's name, then the street)
    rf"(?:\d{{1,5}}\.?\s*|{CAPITALISED_WORD}(?:[ \t]+{CAPITALISED_WORD})?[ \t]+)"
    "(?:Sokak|Soka\u011f\u0131|Sok\\.|Sk\\.|Caddesi|Cadde|Cad\\.|Cd\\.|Bulvar\u0131|Blv\\.)"
)
_TURKISH_ADDRESS = re.compile(
    rf"(?<![\w])(?:{CAPITALISED_WORD}(?:\s+{CAPITALISED_WORD})?\s+(?:Mahallesi|Mahalle|Mah\.|Mh\.)\s*,?\s*)?"
    rf"{_TURKISH_STREET}\s*,?\s*(?i:no)\s*[:.]?\s*\d{{1,4}}[A-Z]?(?:/\d{{1,3}})?"
    r"(?:\s*,?\s*(?:(?:Daire|Kat)\s*[:.]?|[DK]\s*[:.])\s*\d{1,3})*"
    # its district and province, its postcode before them or not, or its town before the country
    rf"(?:\s*,?\s*(?:(?:\d{{5}}\s+)?{CAPITALISED_WORD}\s*/\s*{CAPITALISED_WORD}"
    rf"|\d{{5}}\s+{CAPITALISED_WORD}|{CAPITALISED_WORD}(?=\s*,\s*{COUNTRY})))?"
    rf"(?:\s*,\s*{COUNTRY})?"
)
# A Ukrainian or Russian address in Cyrillic ("вул. Сумська 48, кв. 12, Харків"): a refugee's
# home left behind, a relative's.
# (escaped: Cyrillic letters look like Latin ones in a diff)
_CYRILLIC_WORD = (
    "[\u0410-\u042f\u0401\u0406\u0407\u0404\u0490]"
    "[\u0430-\u044f\u0451\u0456\u0457\u0454\u0491'\u2019-]+"
)
_CYRILLIC_ADDRESS = re.compile(
    # as Russia writes it, the postcode, the region and the town (« g. ») first: « 364024,
    # Chechen Republic, g. Grozny, ul. Mira, d. 14, kv. 7 » in Cyrillic
    rf"(?:\d{{6}},[ \t]*(?:{_CYRILLIC_WORD}(?:[ \t]+{_CYRILLIC_WORD})*,[ \t]*)?"
    rf"(?:\u0433\.[ \t]*{_CYRILLIC_WORD},[ \t]*)?)?"
    r"(?<![\w])(?:вул\.|вулиця|ул\.|улица|просп\.|проспект|пров\.|пер\.)\s*"
    rf"{_CYRILLIC_WORD}(?:\s+{_CYRILLIC_WORD})?,?\s+(?:д\.[ \t]*)?\d{{1,4}}[\u0430-\u044f]?(?!\d)"
    # its flat, floor, entrance, block, then the town and a Bulgarian postcode before it (« ул.
    # Шипка 7, ет. 3, ап. 9, 9000 Варна »)
    r"(?:,\s*(?:кв\.|квартира|ет\.|ап\.|вх\.|бл\.)\s*\w{1,4})*"
    rf"(?:,\s*(?:\d{{4}}\s+)?{_CYRILLIC_WORD})?"
)
# Its number first, as a French speaker writes a German address ("12a Hauptstraße, 79098
# Freiburg").
_GERMAN_ADDRESS = re.compile(
    rf"(?<![\w.,/-])\d{{1,4}}[a-z]?\s+[{UPPER}][\w-]*(?:straße|strasse|weg|platz|gasse|allee)"
    rf"(?:,?\s+\d{{5}}\s+{TOWN}(?:\s+(?:im|am|an\s+der)\s+{CAPITALISED_WORD})?)?"
)
# A Colombian address: its street by type and number, the crossing street's number and the
# door's after « # » ("Calle 45 # 23-18", "Carrera 7 # 12-45"), then its flat and barrio.
_COLOMBIAN_ADDRESS = re.compile(
    r"(?<![\w])(?:Calle|Carrera|Cra\.|Cl\.|Avenida|Av\.|Diagonal|Transversal|Tv\.)\s+\d{1,3}[A-Z]?"
    r"(?:\s+(?:Bis|Sur))?\s*(?:#|No\.?|N°)\s*\d{1,3}[A-Z]?\s*-\s*\d{1,3}"
)
# A Vietnamese address: the number first (« Số 18 »), lanes and alleys with theirs (« ngõ 45 »),
# the street (« phố Huế », « đường Lê Lợi »), then the ward, the district, the city, the
# province, each by its word or its name alone (« phường Bến Nghé, Quận 1, TP. Hồ Chí Minh »),
# and the country.
_VIETNAMESE_STREET = r"(?i:đường|phố|ngõ|ngách|hẻm|kiệt|duong|ngo|ngach)"
_VIETNAMESE_AREA = (
    r"(?i:phường|xã|quận|huyện|thị\s+xã|thị\s+trấn|thành\s+phố|tp\.?|tỉnh|ấp|thôn"
    r"|phuong|quan|huyen|thanh\s+pho|tinh)"
)
# (a word of one letter too: « phường Ô Chợ Dừa »)
_VIETNAMESE_WORD = rf"(?:{CAPITALISED_WORD}|[{UPPER}](?![\w-]))"
_VIETNAMESE_NAME = rf"{_VIETNAMESE_WORD}(?:[ \t]+{_VIETNAMESE_WORD}){{0,3}}"
_VIETNAMESE_PLACES = (
    rf"(?:[ \t]*,[ \t]*(?:{_VIETNAMESE_AREA}[ \t]*(?:{_VIETNAMESE_NAME}|\d{{1,2}}(?!\d))"
    rf"|{_VIETNAMESE_NAME}))*"
    rf"(?:[ \t]*,[ \t]*{COUNTRY})?"
)
_VIETNAMESE_ADDRESS = re.compile(
    rf"(?<![\w/])(?:(?i:số)[ \t]+)?\d{{1,4}}[A-Za-z]?(?:/\d{{1,4}})*"
    rf"(?:[ \t]+{_VIETNAMESE_STREET}[ \t]+\d{{1,4}}(?:/\d{{1,4}})*)*"
    # the street by its word (« Số 45, đường Lê Lợi »), or by its name alone when its ward or
    # district follows by theirs (« 45/12 Nguyễn Trãi, Phường 2, Quận 5 »)
    rf"(?:,?[ \t]+{_VIETNAMESE_STREET}[ \t]+{_VIETNAMESE_NAME}"
    rf"|[ \t]+{_VIETNAMESE_NAME}(?=[ \t]*,[ \t]*{_VIETNAMESE_AREA}[ \t]*(?:[{UPPER}]|\d)))"
    rf"{_VIETNAMESE_PLACES}"
)
# A Dutch or Flemish street, its type glued to its name and its number after (« Van Hallstraat
# 37-II\n1051 HB Amsterdam\nNederland », « Keizersgracht 312-II, 1016 EZ Amsterdam »): the
# number, the postcode (four digits, two letters in the Netherlands), the town, the country.
_DUTCH_STREET = (
    rf"(?:(?:Van|van|De|de|Den|den|Sint|St\.)[ \t]+)?(?:{CAPITALISED_WORD}[ \t]+)?"
    rf"[{UPPER}][\w'\u2019-]*?(?:straat|weg|laan|gracht|plein|kade|singel|dijk|dreef|steeg"
    r"|markt|plantsoen|wal|hof)"
)
_DUTCH_ADDRESS = re.compile(
    rf"(?<![\w-]){_DUTCH_STREET}[ \t]+\d{{1,4}}"
    r"(?:[ -]?(?:[A-Za-z]|I{1,3}|hs|bis|bus[ \t]?\d{1,3}))?"
    r"(?![\w-])(?:[ \t]*,[ \t]*|[ \t]*\n[ \t]*)\d{4}(?:[ \t]?[A-Z]{2})?[ \t]+"
    rf"{CAPITALISED_WORD}(?:[ -]{CAPITALISED_WORD})?"
    r"(?:(?:[ \t]*,[ \t]*|[ \t]*\n[ \t]*|[ \t]+\()"
    r"(?:Nederland|Netherlands|Pays-Bas|Holland|Hollande|Belgi[eë]|Belgique|Belgium)\)?)?"
)
# A Bulgarian estate's flat, transliterated (« kv. Vazrazhdane, bl. 7, vh. A, ap. 3, 7000 Ruse,
# Bulgaria », « zh.k. Mladost 1, bl. 12, et. 4, ap. 16, 1784 Sofia »): the estate, then its
# block, entrance, floor and flat, then the postcode and the town.
_BULGARIAN_ADDRESS = re.compile(
    rf"(?<![\w.])(?i:kv\.|zh\.\s?k\.|ж\.к\.|кв\.)[ \t]*{CAPITALISED_WORD}"
    rf"(?:[ \t]+(?:{CAPITALISED_WORD}|\d{{1,2}}))*"
    r"(?:[ \t]*,[ \t]*(?i:bl|vh|et|ap|бл|вх|ет|ап)\.[ \t]*[\w-]{1,4})+"
    rf"[ \t]*,[ \t]*\d{{4}}[ \t]+{CAPITALISED_WORD}(?:[ \t]*,[ \t]*{COUNTRY})?"
)
# An address abroad without a number, opened by its quarter, village, douar, post box or lot and
# closed by its country ("quartier Mkazi, Moroni, Grande Comore, Comores", "douar Izefzafen,
# commune Beni Bouayach, province d'Al Hoceïma, Maroc"): a relative's home; a town and its
# country alone are anyone's ("né à Tizi Ouzou, Algérie").
_HOME_ABROAD = re.compile(
    r"(?<![\w'\u2019])(?:(?i:cit[ée])\s+(?:(?i:des)\s+)?\d{1,5}(?:\s+(?i:logements))?"
    # a South Asian house by its number (« House 112, Block C, Model Town, Lahore, Pakistan »)
    r"|House\s+\d{1,4}[A-Z]?"
    # (Laos's and Thailand's village: « Ban Phonxay, maison n° 123, …, Vientiane, Laos »)
    # (a Romanian village: « Sat Rădeni, com. Ion Neculce, jud. Iași, România »)
    r"|(?:(?i:quartier|village|douar|hay|cit[ée]|derb)|Ban|Baan|Sat)\s+"
    rf"(?:(?:de|du|des)\s+|d['\u2019])?{CAPITALISED_WORD}(?:[ -]{CAPITALISED_WORD}){{0,2}}"
    r"(?:\s(?:n[°o]\s?)?\d{1,4})?"
    rf"|(?i:lot)\s+[A-Z0-9]{{1,6}}(?:\s\d{{1,4}})?(?:\s[A-Z])?\s+{CAPITALISED_WORD}"
    r"|(?:No\.|N°|n°)\s?\d{1,4},\s*\d{0,4}\s*[A-Z][\w-]*(?:\s[A-Z][\w-]*)?\s+(?:Road|Street|Lane)"
    r"|(?:BP|B\.P\.)\s?\d{1,5}|P\.?\s?O\.?\s+Box\s+\d{1,6}"
    # a Japanese block and house (« 2-14-8 Minami-Aoyama, Minato-ku, Tokyo 107-0062, Japon »)
    rf"|\d{{1,2}}-\d{{1,2}}(?:-\d{{1,3}})?[ \t]+{CAPITALISED_WORD}(?:-{CAPITALISED_WORD})?"
    # a Philippine neighbourhood and its part (« Purok 3, Brgy. Poblacion, Tanauan City, … »)
    rf"|Purok\s+\d{{1,3}}|(?:Brgy\.|Barangay)\s+{CAPITALISED_WORD}(?:\s+{CAPITALISED_WORD}){{0,2}}"
    # an English street without a number, its type last ("Chaussee Road, Castries, Saint Lucia")
    # (on one line, a comma after it: "Anneke Peeters\nAvenue Louise 231" is a name, then a
    # street)
    # (its house's number first, as Sri Lanka writes it: "No. 27/3, Kankesanthurai Road, …")
    r"|(?:(?:No\.|N°|n°)[ \t]?\d{1,4}(?:/\d{1,3})?,[ \t]*)?"
    rf"{CAPITALISED_WORD}(?:[ \t]+{CAPITALISED_WORD}){{0,2}}"
    r"[ \t]+(?:Road|Street|Lane|Avenue|Drive)"
    r"(?=[ \t]*,)"
    # a Bulgarian estate ("zh.k. Mladost 1"), a street with no number ("rue Al-Mutanabbi")
    rf"|zh\.\s?k\.\s+{CAPITALISED_WORD}(?:\s\d{{1,2}})?"
    rf"|(?i:rue|avenue|street|road)\s+{CAPITALISED_WORD}(?:[ -]{CAPITALISED_WORD}){{0,2}})"
    rf"(?={CHAIN_TO_COUNTRY})"
)


# After a flat, a town alone closes the address (« Str. Mihai Eminescu nr. 7, bl. A2, sc. 1, ap.
# 14, Cluj-Napoca. »).
_FLAT_LAST = re.compile(r"(?i:ap|apto|kv|interno|daire)\.?\s*[\dA-Z]{1,4}$")
_TOWN_AFTER_FLAT = re.compile(
    rf"[ \t]*,[ \t]*{CAPITALISED_WORD}(?:-{CAPITALISED_WORD})*(?=[ \t]*(?:[.;)\n]|$))"
)


def find_addresses_abroad(text: str) -> Iterator[Span]:
    for match in _FOREIGN_ADDRESS.finditer(text):
        end = match.end()
        if _FLAT_LAST.search(match.group()) and (town := _TOWN_AFTER_FLAT.match(text, end)):
            end = town.end()
        yield Span(PiiType.ADDRESS, match.start(), end, text[match.start() : end])
    for match in (
        *_GERMAN_ADDRESS.finditer(text),
        *_TURKISH_ADDRESS.finditer(text),
        *_CYRILLIC_ADDRESS.finditer(text),
        *_COLOMBIAN_ADDRESS.finditer(text),
        *_VIETNAMESE_ADDRESS.finditer(text),
        *_DUTCH_ADDRESS.finditer(text),
        *_BULGARIAN_ADDRESS.finditer(text),
        *_CHINESE_ADDRESS.finditer(text),
    ):
        yield Span(PiiType.ADDRESS, match.start(), match.end(), match.group())
    for match in _HOME_ABROAD.finditer(text):
        home = Span(PiiType.ADDRESS, match.start(), match.end(), match.group())
        yield with_country(text, with_extent(text, home), without_number=True)
    for match in _ENGLISH_ADDRESS.finditer(text):
        # its flat and floor before it ("Flat 3, 27 Whitechapel Road")
        english = Span(PiiType.ADDRESS, match.start(), match.end(), match.group())
        # (and its town and country abroad: « 15 Mostafa El-Nahhas St., Nasr City, Le Caire,
        # Égypte »)
        yield with_country(text, with_extent(text, english))
