"""The privacy guard measured on the shared labelled sets (span-exact, by type): the one it
is developed on, and the held-out one (never tuned on), with the collectivity of the sets'
public contacts."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

import pytest

from collectivia.ai.privacy import PiiType, PrivacyGuard, PublicContacts
from collectivia.ai.privacy.evaluation import LabelledCase, Report, evaluate, load_cases

HERE = Path(__file__).parents[1]
CASES = load_cases(HERE / "privacy_cases.jsonl")
HELD_OUT = load_cases(HERE / "privacy_cases_heldout.jsonl")
# Written apart by someone who never saw the guard (names P 0.927 / R 0.905 when first measured).
INDEPENDENT = load_cases(HERE / "privacy_cases_independent.jsonl")
# Written blind by another writer (names P 0.906 / R 0.873 when first measured), now tuned on:
# newcomers' languages, text messages, forms, films and cars.
INDEPENDENT_2 = load_cases(HERE / "privacy_cases_independent_2.jsonl")
# Written blind by a third writer on 2026-12-06 and measured once on the code before any change
# made from it (names P 0.876 / R 0.898, addresses R 0.860, birth dates R 0.826), then tuned
# on: greetings and function words of other languages, signatures with contacts, field labels.
INDEPENDENT_3 = load_cases(HERE / "privacy_cases_independent_3.jsonl")
# Written blind by a fourth writer on 2026-12-06, measured once on the code before any change
# made from it (names P 0.878 / R 0.920 — P 0.830 on the code before this day's other changes —
# addresses 0.806 / 0.794, birth dates R 0.897), then tuned on for addresses (a town after its
# postcode that the list does not hold, a date after the street) and foreign edges.
INDEPENDENT_4 = load_cases(HERE / "privacy_cases_independent_4.jsonl")
# Written blind by a fifth writer on 2026-12-06, measured once on the code before any change
# made from it (names P 0.914 / R 0.957, addresses 0.981 / 0.945, birth dates R 0.850), then
# tuned on: words of courtesy of other languages, signatures, birth dates' forms, addresses
# abroad and in regional languages.
INDEPENDENT_5 = load_cases(HERE / "privacy_cases_independent_5.jsonl")
# Written blind by a sixth writer on 2026-12-06, measured once on the code before any change
# made from it (names P 0.899 / R 0.945, addresses 0.917 / 0.936, birth dates R 0.955), then
# tuned on: works' authors, shops, nouns after a determiner, names before their address.
INDEPENDENT_6 = load_cases(HERE / "privacy_cases_independent_6.jsonl")
# Written blind by a seventh writer on 2026-12-06, measured once on the code before any change
# made from it (names P 0.926 / R 0.962, addresses 0.954 / 0.912, birth dates 0.946 / 0.833),
# then tuned on: dates in words and short years, a household's list, SMS introductions.
INDEPENDENT_7 = load_cases(HERE / "privacy_cases_independent_7.jsonl")
# Written blind by an eighth writer on 2026-12-06, measured once on the code of 90391cc
# (names P 0.937 / R 0.917, addresses 0.973 / 0.830, birth dates 1.000 / 0.725), then tuned
# on: words opening a sentence, dates beside names, places without a number, label lines. Its
# writer was told not to label elected officials named in office, which the guard masks (the
# other sets label them): four of its false positives.
INDEPENDENT_8 = load_cases(HERE / "privacy_cases_independent_8.jsonl")
# Written blind by a ninth writer on 2026-12-06 (elected officials labelled), measured once on
# the code of 90391cc (names P 0.854 / R 0.871, addresses 0.831 / 0.640, birth dates 1.000 /
# 0.589) and of 9a66a9f, after the eighth set's changes (names 0.874 / 0.871, addresses 0.854 /
# 0.700, birth dates 1.000 / 0.689), then tuned on: births in other languages and forms, places
# without a number, words of other languages at a name's edges, businesses.
INDEPENDENT_9 = load_cases(HERE / "privacy_cases_independent_9.jsonl")
# Written blind by a tenth writer on 2026-12-06, measured once on the code of 90391cc (names
# P 0.936 / R 0.943, addresses 0.818 / 0.730, birth dates 1.000 / 0.796) and of 436fac6, after
# the eighth and ninth sets' changes (names 0.956 / 0.953: issue 13's names targets met on
# text nobody had tuned on; addresses 0.814 / 0.770, birth dates 1.000 / 0.878), then tuned on.
INDEPENDENT_10 = load_cases(HERE / "privacy_cases_independent_10.jsonl")
# Written blind by an eleventh writer on 2026-12-06 (a Basque and Occitan country, many
# languages), measured once on the code of 90391cc (names P 0.850 / R 0.927, addresses 0.708 /
# 0.548, birth dates 0.977 / 0.519) and of 81c8321 (names 0.884 / 0.936, addresses 0.747 /
# 0.634, birth dates 0.973 / 0.889), then tuned on: named houses and farms, streets abroad.
INDEPENDENT_11 = load_cases(HERE / "privacy_cases_independent_11.jsonl")
# Written blind by a twelfth writer on 2026-12-06 (a Breton coastal and rural intercommunality,
# hamlets without streets, tables pasted from spreadsheets), measured once on the code of 7e24852
# (names P 0.859 / R 0.801, addresses 0.815 / 0.605, birth dates 1.000 / 0.870), then tuned on:
# tables' headers, hamlets, pitches and berths, districts, foreign forms.
INDEPENDENT_12 = load_cases(HERE / "privacy_cases_independent_12.jsonl")
# Written blind by a thirteenth writer on 2026-12-06 (housing estates east of Lyon, chat
# transcripts), measured once on the code of 78806ec, after the twelfth set's changes (names
# 0.923 / 0.914, addresses 0.760 / 0.551, birth dates 1.000 / 0.874; on 7e24852: 0.910 / 0.845,
# 0.728 / 0.486, 1.000 / 0.716), then tuned on: flats in estates, hostels, speakers.
INDEPENDENT_13 = load_cases(HERE / "privacy_cases_independent_13.jsonl")
# Written blind by a fourteenth writer on 2026-12-06 (an Alpine valley and its resorts: chalets,
# hamlets, seasonal workers, neighbours across the border), measured once on the code of
# 8631548, after the twelfth and thirteenth sets' changes (names 0.862 / 0.862, addresses 0.741
# / 0.426, birth dates 1.000 / 0.797, phones R 0.917; on 7e24852: 0.847 / 0.793, 0.689 / 0.284,
# 1.000 / 0.652), then tuned on: chalets, staff housing, neighbours' phones, headerless tables.
INDEPENDENT_14 = load_cases(HERE / "privacy_cases_independent_14.jsonl")
# Written blind by a fifteenth writer on 2026-12-06 (Toulouse's suburbs and the Gers), measured
# once on the code of 34f18bc, after all of this session's other changes (names 0.883 / 0.819,
# addresses 0.750 / 0.574, birth dates 1.000 / 0.825; on 7e24852: 0.850 / 0.751, 0.717 / 0.457,
# 1.000 / 0.544). Only « DOB », « né a » and a speaker's role were tuned on it after.
INDEPENDENT_15 = load_cases(HERE / "privacy_cases_independent_15.jsonl")
# Written blind by a sixteenth writer on 2026-12-06 (Alsace and Moselle), measured once on the
# code of 14a6932 (names 0.899 / 0.904, addresses 0.903 / 0.883, birth dates 1.000 / 0.826),
# then tuned on: « NOM, Prénom » lists, a country or a cedex closing an address, Turkish
# addresses, birth years alone, a transcript's « Agent : ».
INDEPENDENT_16 = load_cases(HERE / "privacy_cases_independent_16.jsonl")
# Written blind by a seventeenth writer on 2026-12-06 (the overseas departments and Marseille's
# northern districts), measured once on the code of 1e3df38 with the stock model (names 0.953 /
# 0.926, addresses 0.921 / 0.789, birth dates 1.000 / 0.905) and with the names model trained on
# the sets before it (names 0.952 / 0.952, addresses 0.926 / 0.857, birth dates 1.000 / 0.917);
# not tuned on, trained on since.
INDEPENDENT_17 = load_cases(HERE / "privacy_cases_independent_17.jsonl")
# Written blind by an eighteenth writer on 2026-12-06 (the Nord and the Pas-de-Calais), measured
# once on the code of 0eafe3e with the stock model (names 0.912 / 0.932, addresses 0.886 /
# 0.824, birth dates 1.000 / 0.909) and with the names model trained on the sets before it
# (names 0.947 / 0.964, addresses 0.879 / 0.866, birth dates 1.000 / 0.909); not tuned on,
# trained on since.
INDEPENDENT_18 = load_cases(HERE / "privacy_cases_independent_18.jsonl")
# Written blind by a nineteenth writer on 2026-12-06 (Corsica and the hinterland of Nice),
# measured once on the code of 58bdbed with the names model trained on every set before it
# (names 0.968 / 0.966, addresses 0.886 / 0.879, birth dates 1.000 / 0.958) and with the stock
# model (names 0.948 / 0.943, addresses 0.894 / 0.837); then tuned on for addresses and dates.
INDEPENDENT_19 = load_cases(HERE / "privacy_cases_independent_19.jsonl")
# Written blind by a twentieth writer on 2026-12-06 (Paris's eastern suburbs and the Berry),
# measured once on the code of 58bdbed with the names model (names 0.979 / 0.974, addresses
# 0.862 / 0.885, birth dates 0.988 / 0.988) and with the stock model (names 0.969 / 0.943,
# addresses 0.883 / 0.865); then tuned on for addresses.
INDEPENDENT_20 = load_cases(HERE / "privacy_cases_independent_20.jsonl")
# Written blind by a twenty-first writer on 2026-12-06 (Normandy: Le Havre, the Pays de Caux,
# refugees' relatives in Kyiv, Asmara, Kinshasa), measured once on the code of e2324d2 with the
# names model trained on every set before it (names 0.968 / 0.951, addresses 0.884 / 0.878,
# birth dates 1.000 / 0.963) and with the stock model (names 0.939 / 0.917, addresses 0.893 /
# 0.842); then tuned on for addresses and dates.
INDEPENDENT_21 = load_cases(HERE / "privacy_cases_independent_21.jsonl")
# Written blind by a twenty-second writer on 2026-12-06 (Montpellier, Perpignan, the Cévennes;
# Catalan, Gitan, Colombian families), measured once on e2324d2 with the names model (names
# 0.960 / 0.971, addresses 0.938 / 0.889, birth dates 1.000 / 0.940) and with the stock model
# (names 0.939 / 0.960, addresses 0.950 / 0.852); then tuned on for addresses and dates.
INDEPENDENT_22 = load_cases(HERE / "privacy_cases_independent_22.jsonl")
# Written blind by a twenty-third writer on 2026-12-06 (Bordeaux and the Landes: wine estates,
# airials, Bulgarian and Ivorian relatives), measured once on 6c14242 with the names model
# trained on every set before it (names 0.981 / 0.974, addresses 0.906 / 0.926, birth dates 0.988
# / 0.988) and with the stock model (names 0.964 / 0.960, addresses 0.915 / 0.875); then tuned
# on for addresses.
INDEPENDENT_23 = load_cases(HERE / "privacy_cases_independent_23.jsonl")
# Written blind by a twenty-fourth writer on 2026-12-06 (Clermont-Ferrand, the Auvergne and the
# Limousin: burons, Turkish, Syrian, Afghan relatives), measured once on 6c14242 with the names
# model (names 0.963 / 0.965, addresses 0.906 / 0.880, birth dates 1.000 / 0.965) and with the
# stock model (names 0.947 / 0.947, addresses 0.924 / 0.859); then tuned on for addresses.
INDEPENDENT_24 = load_cases(HERE / "privacy_cases_independent_24.jsonl")
# Written blind by a twenty-fifth writer on 2026-12-07 (Alsace and the Moselle: mining cités,
# German, Luxembourg, Kosovar, Romanian relatives), measured once on 36c8aae with the names
# model trained on every set before it (names 0.970 / 0.951, addresses 0.929 / 0.942, masked
# whole 0.964, birth dates 1.000 / 1.000) and with the stock model (names 0.955 / 0.911,
# addresses 0.934 / 0.928); then tuned on for addresses.
INDEPENDENT_25 = load_cases(HERE / "privacy_cases_independent_25.jsonl")
# Written blind by a twenty-sixth writer on 2026-12-07 (Marseille, the Alps and Mayotte:
# villages without numbers, Comorian and Armenian relatives), measured once on 36c8aae with the
# names model (names 0.975 / 0.975, addresses 0.888 / 0.882, masked whole 0.917, birth dates
# 1.000 / 0.976) and with the stock model (names 0.965 / 0.932, addresses 0.887 / 0.819); then
# tuned on for addresses.
INDEPENDENT_26 = load_cases(HERE / "privacy_cases_independent_26.jsonl")
# Written blind by a twenty-seventh writer on 2026-12-07 (Lyon, Saint-Étienne, Grenoble, the
# Savoie: Armenian, Cambodian, Congolese families, relatives in Kinshasa, Phnom Penh, Geneva),
# measured once on 65aa731 with the names model trained on every set before it (names 0.976 /
# 0.986, addresses 0.930 / 0.923, masked whole 0.930, birth dates 1.000 / 0.976) and with the
# stock model (names 0.959 / 0.964, addresses 0.912 / 0.874); then tuned on.
INDEPENDENT_27 = load_cases(HERE / "privacy_cases_independent_27.jsonl")
# Written blind by a twenty-eighth writer on 2026-12-07 (Brittany, Nantes, Rennes, the Vendée:
# Breton lieux-dits, Georgian, Mongolian, Tamil relatives), measured once on 65aa731 with the
# names model (names 0.962 / 0.941, addresses 0.932 / 0.904, masked whole 0.912, birth dates
# 1.000 / 0.952) and with the stock model (names 0.944 / 0.912, addresses 0.879 / 0.801); then
# tuned on: lists of children with a contact column, surnames in lower case.
INDEPENDENT_28 = load_cases(HERE / "privacy_cases_independent_28.jsonl")
# Written blind by a twenty-ninth writer on 2026-12-07 (Reims, the Champagne, the Ardennes:
# vineyards, « écarts », Belgian, Moroccan, Polish relatives), measured once on 77584ca with the
# names model trained on every set before it (names 0.972 / 0.972, addresses 0.964 / 0.964,
# masked whole 0.964, birth dates 1.000 / 0.977) and with the stock model (names 0.954 / 0.944,
# addresses 0.946 / 0.891); then tuned on for addresses.
INDEPENDENT_29 = load_cases(HERE / "privacy_cases_independent_29.jsonl")
# Written blind by a thirtieth writer on 2026-12-07 (Paris's northern and western suburbs:
# workers' hostels, towers, Malian, Chinese, Tamil, Moldovan relatives), measured once on
# 77584ca with the names model (names 0.961 / 0.959, addresses 0.896 / 0.920, masked whole
# 0.967, birth dates 1.000 / 0.963) and with the stock model (names 0.954 / 0.930, addresses
# 0.859 / 0.853); then tuned on for addresses.
INDEPENDENT_30 = load_cases(HERE / "privacy_cases_independent_30.jsonl")
# Written blind by a thirty-first writer on 2026-12-07 (Occitanie: Toulouse, Montpellier,
# Perpignan, the Aveyron and the Ariège; Catalan, Vietnamese, Comorian families), measured once
# on 36be936 with the names model trained on every set before it (names 0.950 / 0.942,
# addresses 0.976 / 0.976, masked whole 0.984, birth dates 0.983 / 0.983) and with the stock
# model (names 0.919 / 0.900, addresses 0.917 / 0.881); then tuned on.
INDEPENDENT_31 = load_cases(HERE / "privacy_cases_independent_31.jsonl")
# Written blind by a thirty-second writer on 2026-12-07 (the Hauts-de-France and the mining
# basin: « cité », « courée », Eritrean, Ukrainian, Congolese families), measured once on
# 36be936 with the names model (names 0.966 / 0.966, addresses 0.917 / 0.924, masked whole
# 0.931, birth dates 1.000 / 0.977) and with the stock model (names 0.919 / 0.934, addresses
# 0.902 / 0.896); then tuned on.
INDEPENDENT_32 = load_cases(HERE / "privacy_cases_independent_32.jsonl")
# Written blind by a thirty-third writer on 2026-12-07 (La Réunion, the Antilles, Guyane:
# « rampe », « section », « PK », Hmong, Surinamese, Haitian families), measured once on
# 217e4e2 with the names model trained on every set before it (names 0.950 / 0.968, addresses
# 0.913 / 0.885, masked whole 0.908, birth dates 1.000 / 0.950) and with the stock model (names
# 0.927 / 0.952, addresses 0.862 / 0.769); then tuned on.
INDEPENDENT_33 = load_cases(HERE / "privacy_cases_independent_33.jsonl")
# Written blind by a thirty-fourth writer on 2026-12-07 (Normandy and the Centre-Val de Loire:
# farms, « le Bourg », Turkish, Kurdish, Cape-Verdean, Tamil families), measured once on 217e4e2
# with the names model (names 0.953 / 0.951, addresses 0.931 / 0.938, masked whole 0.962, birth
# dates 1.000 / 1.000) and with the stock model (names 0.903 / 0.888, addresses 0.869 / 0.815);
# then tuned on.
INDEPENDENT_34 = load_cases(HERE / "privacy_cases_independent_34.jsonl")
# Written blind by a thirty-fifth writer on 2026-12-07 (Mayotte and the Comorian diaspora in
# Marseille: quarters and villages without street numbers, « derrière la mosquée », Shimaore,
# Comorian and Malagasy names), measured once on 524c9d0 with the names model trained on every
# set before it (names 0.975 / 0.956, addresses 0.917 / 0.825, masked whole 0.867, birth dates
# 1.000 / 0.956, e-mails 0.851 / 1.000) and with the stock model (names 0.934 / 0.932,
# addresses 0.897 / 0.725); then tuned on.
INDEPENDENT_35 = load_cases(HERE / "privacy_cases_independent_35.jsonl")
# Written blind by a thirty-sixth writer on 2026-12-07 (the Grand Est and its cross-border
# workers: mining cités, Luxembourg, Belgium and Germany written their way, Kosovar, Turkish,
# Polish families), measured once on 524c9d0 with the names model (names 0.964 / 0.948,
# addresses 0.955 / 0.962, masked whole 0.977, birth dates 0.922 / 1.000, e-mails 0.741 /
# 1.000) and with the stock model (names 0.941 / 0.923, addresses 0.953 / 0.925); then tuned
# on.
INDEPENDENT_36 = load_cases(HERE / "privacy_cases_independent_36.jsonl")
# Written blind by a thirty-seventh writer on 2026-12-07 (Île-de-France: Seine-Saint-Denis, the
# Val-de-Marne, Paris's north and east; estates, migrant workers' hostels, asylum centres,
# postal domiciliation; Tamil, Wenzhou, Vietnamese, Soninké, Haitian, Roma, Bangladeshi
# families), measured once on a8e8294 with the names model trained on every set before it
# (names 0.963 / 0.975, addresses 0.910 / 0.897, masked whole 0.926, birth dates 1.000 /
# 1.000, e-mails 1.000 / 1.000) and with the stock model (names 0.941 / 0.960, addresses 0.880
# / 0.809); then tuned on.
INDEPENDENT_37 = load_cases(HERE / "privacy_cases_independent_37.jsonl")
# Written blind by a thirty-eighth writer on 2026-12-07 (the Basque Country, the Béarn, the
# Landes and Bordeaux: Basque house names, village quarters, airials, travellers' sites, Spanish
# and Portuguese addresses abroad), measured once on a8e8294 with the names model (names 0.970
# / 0.983, addresses 0.897 / 0.897, masked whole 0.941, birth dates 1.000 / 1.000, e-mails
# 1.000 / 1.000, phones 0.990 / 1.000) and with the stock model (names 0.963 / 0.965, addresses
# 0.864 / 0.838); then tuned on.
INDEPENDENT_38 = load_cases(HERE / "privacy_cases_independent_38.jsonl")
# Written blind by a thirty-ninth writer on 2026-12-07 (Corsica and the Côte d'Azur: villages and
# hamlets, Corsican double names and bilingual places, Monaco and Italy), measured once on
# 705d4d8 with the names model trained on every set before it (names 0.921 / 0.926, masked whole
# 0.982, addresses 0.889 / 0.907, masked whole 0.940, birth dates 1.000 / 0.966) and with the
# stock model (names 0.877 / 0.895, addresses 0.875 / 0.840); then tuned on. Named apart from
# the « privacy_cases » files: the names model is not trained on it yet (`make names-model`
# reads those), so it still measures a model that never saw its writer.
UNTRAINED_39 = load_cases(HERE / "privacy_untrained_39.jsonl")
# Written blind by a fortieth writer on 2026-12-07 (New Caledonia, Wallis and Futuna, French
# Polynesia: tribes, lots, « servitudes », PK, post boxes, local phone numbers in pairs),
# measured once on 705d4d8 with the names model (names 0.929 / 0.955, addresses 0.885 / 0.878,
# masked whole 0.901, phones 1.000 / 0.153: their numbers without a country code were not read)
# and with the stock model (names 0.916 / 0.907, addresses 0.838 / 0.748); then tuned on. Not
# trained on either.
UNTRAINED_40 = load_cases(HERE / "privacy_untrained_40.jsonl")
# Written blind by a forty-fifth writer on 2026-12-07 (the French Caribbean and Guiana:
# « habitation », « section », « morne », cités, PK, Haitian, Saint-Lucian, Brazilian,
# Bushinengé, Hmong families, relatives in Dominica, Sint Maarten, Brazil, the Dominican
# Republic), measured once on fc017ca's privacy code with this session's birth-date rules, with
# the names model trained on every set up to the thirty-eighth (names 0.950 / 0.973, addresses
# 0.908 / 0.866, masked whole 0.886, birth dates 1.000 / 0.985, phones 1.000 / 0.991) and with
# the stock model (names 0.895 / 0.941, addresses 0.831 / 0.725); then tuned on. Not trained on.
UNTRAINED_45 = load_cases(HERE / "privacy_untrained_45.jsonl")
# Written blind by a forty-sixth writer on 2026-12-07 (the Massif Central, Franche-Comté and the
# Alps: lieux-dits, burons, chalets, campsites, seasonal workers' rooms, Swiss, Italian and
# Albanian addresses), measured once the same way: names model, names 0.977 / 0.987, addresses
# 0.946 / 0.946, birth dates 1.000 / 0.983; stock model, names 0.951 / 0.944, addresses 0.950 /
# 0.893; then tuned on. Not trained on.
UNTRAINED_46 = load_cases(HERE / "privacy_untrained_46.jsonl")
# Written blind by two more writers on 2026-12-07: the forty-seventh (Brittany and the Pays de la
# Loire: Breton house and hamlet names, islands, boats in harbours, farms of the bocage, Irish,
# British, Vietnamese and Chilean addresses) and the forty-eighth (the Rhône valley and Burgundy:
# « montée », estates' towers, hostels, barges, wine estates, travellers' sites, Algerian and
# Congolese addresses), measured once on cbfed34: names model, 47: names 0.959 / 0.977,
# addresses 0.959 / 0.928 (masked whole 0.935), birth dates 1.000 / 0.980; 48: names 0.980 /
# 0.983, addresses 0.953 / 0.953, an IBAN missed (0.909); stock model, 47: names 0.935 / 0.932,
# addresses 0.876 / 0.784; 48: 0.954 / 0.963, 0.915 / 0.878. Then tuned on. Not trained on.
UNTRAINED_47 = load_cases(HERE / "privacy_untrained_47.jsonl")
UNTRAINED_48 = load_cases(HERE / "privacy_untrained_48.jsonl")
# Two more the same day, measured once on 974dcd3 (the forty-seventh's and forty-eighth's causes
# read): the forty-ninth (the inland south-west and the Atlantic coast: lieux-dits, « Chez … »
# hamlets, oyster huts, British, Dutch, Belgian and Bulgarian addresses), names model, names
# 0.976 / 0.948, addresses 0.975 / 0.957 (masked whole 0.969), birth dates 1.000; stock model,
# 0.963 / 0.920, 0.966 / 0.883; the fiftieth (Provence and the Mediterranean coast: mas,
# cabanons, « traverse », estates, boats, travellers' sites, Spanish, Italian, Comorian
# addresses), names model, names 0.955 / 0.953, addresses 0.946 / 0.959 (0.972), birth dates
# 0.962; stock model, 0.924 / 0.941, 0.896 / 0.890. Then tuned on. Not trained on.
UNTRAINED_49 = load_cases(HERE / "privacy_untrained_49.jsonl")
UNTRAINED_50 = load_cases(HERE / "privacy_untrained_50.jsonl")
# Four more written blind by four writers on 2026-12-07, measured once on b020625 with the names
# model: the fifty-first (French Guiana and Saint-Martin: villages, carbets, houses on stilts,
# boats on the river, Brazilian, Haitian, Dominican and Chinese addresses), names 0.970 / 0.962,
# addresses 0.936 / 0.902 (masked whole 0.914); the fifty-second (the Centre-Val de Loire and
# the Berry: houses in the rock, farms, estates, Portuguese, Turkish, Laotian and Congolese
# addresses), 0.959 / 0.974, 0.938 / 0.919 (0.932); the fifty-third (Lyon, Saint-Étienne and
# Grenoble: « montée », slab estates, hostels, Italian, Algerian and Romanian addresses), 0.968 /
# 0.979, 0.918 / 0.912 (0.918); the fifty-fourth (Paris: maids' rooms, caretakers' lodges, lanes,
# shelters, Chinese, Philippine, American and Polish addresses), 0.965 / 0.960, 0.863 / 0.851
# (0.905). Stock model (the fifty-third's and fifty-fourth's on the code tuned on the first two
# only): names 0.954 / 0.910, 0.938 / 0.943, 0.944 / 0.939, 0.920 / 0.923; addresses 0.865 /
# 0.785, 0.905 / 0.838, 0.879 / 0.837, 0.838 / 0.804. Then tuned on. Not trained on.
UNTRAINED_51 = load_cases(HERE / "privacy_untrained_51.jsonl")
UNTRAINED_52 = load_cases(HERE / "privacy_untrained_52.jsonl")
UNTRAINED_53 = load_cases(HERE / "privacy_untrained_53.jsonl")
UNTRAINED_54 = load_cases(HERE / "privacy_untrained_54.jsonl")
# Three more the same day, measured once on f252f49 (the four before read) with the names model:
# the fifty-fifth (Seine-Saint-Denis and the Val-d'Oise: estates' towers and bars, hostels,
# hotels for the homeless, Malian, Ivorian, Pakistani and Sri Lankan addresses), names 0.982 /
# 0.987, addresses 0.918 / 0.907 (masked whole 0.932); the fifty-sixth (Alsace and Moselle:
# miners' cités, Strasbourg's « mailles », German, Swiss, Kosovar and Chechen addresses), 0.966 /
# 0.988, 0.925 / 0.918 (0.959); the fifty-seventh (messages as machines and hurried people make
# them: scanned letters, dictation, spreadsheets, web forms), 0.955 / 0.968, 0.951 / 0.923
# (0.935), birth dates 0.870, phones 0.972. Stock model: names 0.976 / 0.939, 0.960 / 0.955,
# 0.934 / 0.932; addresses 0.846 / 0.783, 0.915 / 0.878, 0.956 / 0.899. Then tuned on. Not
# trained on.
UNTRAINED_55 = load_cases(HERE / "privacy_untrained_55.jsonl")
UNTRAINED_56 = load_cases(HERE / "privacy_untrained_56.jsonl")
UNTRAINED_57 = load_cases(HERE / "privacy_untrained_57.jsonl")
# Three more, written on 2026-12-07 and measured once on 4430479 with the names model: the
# fifty-eighth (the Pays de la Loire and the Vendée: shipyards' workers, campsites and mobile
# homes, Ukrainian, Bulgarian and Afghan addresses), names 0.955 / 0.928, addresses 0.844 /
# 0.868 (masked whole 0.896), NIR R 0.667 (a key after a slash, thirteen digits after « NIR : »);
# the fifty-ninth (Franche-Comté and the Jura: car-factory estates, Swiss cross-border workers,
# « Grande Rue », Turkish, Swiss and Portuguese addresses), 0.961 / 0.923, 0.763 / 0.906
# (0.927); the sixtieth (the Limousin and Poitou, as civil servants write among themselves:
# minutes, case notes, reports, Teams chats; British, Dutch and Portuguese addresses), 0.960 /
# 0.956, 0.931 / 0.931 (0.931). Stock model: names 0.938 / 0.882, 0.951 / 0.896, 0.931 / 0.921;
# addresses 0.871 / 0.830, 0.817 / 0.927, 0.894 / 0.871. Then tuned on. Not trained on.
UNTRAINED_58 = load_cases(HERE / "privacy_untrained_58.jsonl")
UNTRAINED_59 = load_cases(HERE / "privacy_untrained_59.jsonl")
UNTRAINED_60 = load_cases(HERE / "privacy_untrained_60.jsonl")
# Three more the same day, measured once on 473e194 (the three before read) with the names model:
# the sixty-first (Champagne-Ardenne: grape pickers, estates of Reims, the Belgian border;
# Polish, Romanian, Belgian addresses), names 0.945 / 0.957, addresses 0.845 / 0.946 (masked
# whole 0.967), NIR R 0.800 (a key that does not check after its label), IBAN R 0.900 (one the
# writer typed wrong, then corrected); the sixty-second (Languedoc-Roussillon and the Catalan
# border: Catalan names, Spanish, Moroccan and Algerian addresses), 0.937 / 0.952, 0.867 / 0.959
# (0.967), an e-mail dictated in words missed; the sixty-third (a university town's foreign
# students and residents, in English, Spanish, Italian, German or Chinese, through a chat widget
# or a voice assistant), 0.922 / 0.853, 0.837 / 0.791 (0.824), phones R 0.931 (dictated in
# other languages), birth dates 0.860. Stock model: names 0.917 / 0.925, 0.898 / 0.902, 0.918 /
# 0.803; addresses 0.827 / 0.880, 0.889 / 0.918, 0.812 / 0.714. Then tuned on. Not trained on.
UNTRAINED_61 = load_cases(HERE / "privacy_untrained_61.jsonl")
UNTRAINED_62 = load_cases(HERE / "privacy_untrained_62.jsonl")
UNTRAINED_63 = load_cases(HERE / "privacy_untrained_63.jsonl")
# Three more, written on 2026-12-08 and measured once on a1b6449 with the names model: the
# sixty-fourth (the Nord's mining basin and Picardy: miners' « cités » and « corons », Polish,
# Italian and Maghrebi families, exiles in Calais; written by elderly people in capitals, by
# social landlords and the police municipale), names 0.946 / 0.966, addresses 0.904 / 0.926
# (masked whole 0.963), birth dates 0.927, phones 0.978; the sixty-fifth (Normandy, by and for
# elected officials: permanences, petitions, grant requests, council minutes; Dutch and British
# addresses), 0.968 / 0.952, 0.835 / 0.932 (0.942); the sixty-sixth (Auvergne and the Centre:
# deaths, graves, successions and family record books; Hmong, Lao, Cape Verdean and Vietnamese
# families), 0.930 / 0.967, 0.890 / 0.942 (0.942), birth dates 0.937. Stock model: names 0.926 /
# 0.899, 0.944 / 0.912, 0.909 / 0.933; addresses 0.897 / 0.864, 0.791 / 0.845, 0.886 / 0.907.
# Then tuned on. Not trained on.
UNTRAINED_64 = load_cases(HERE / "privacy_untrained_64.jsonl")
UNTRAINED_65 = load_cases(HERE / "privacy_untrained_65.jsonl")
UNTRAINED_66 = load_cases(HERE / "privacy_untrained_66.jsonl")
# Three more the same day, measured once on 5ea06e3 (the three before read) with the names
# model: the sixty-seventh (Bordeaux and the Gironde through web forms and SMS: typos,
# nicknames, names in lower case; Spanish, Portuguese and Bulgarian addresses), names 0.965 /
# 0.956, addresses 0.819 / 0.883 (masked whole 0.883); the sixty-eighth (the Var and the
# Alpes-Maritimes as agents write among themselves: spreadsheet extracts, duty logs, letters),
# 0.928 / 0.960, 0.830 / 0.871 (0.891); the sixty-ninth (Grenoble and the Savoies: phone
# transcripts, police reports, carers' messages, seasonal workers in chalets and vans), 0.969 /
# 0.960, 0.784 / 0.809 (0.840), IBAN R 0.857 (one the writer made two characters too long).
# Stock model: names 0.945 / 0.921, 0.896 / 0.922, 0.950 / 0.915; addresses 0.838 / 0.870,
# 0.800 / 0.832, 0.755 / 0.755. Then tuned on. Not trained on.
UNTRAINED_67 = load_cases(HERE / "privacy_untrained_67.jsonl")
UNTRAINED_68 = load_cases(HERE / "privacy_untrained_68.jsonl")
UNTRAINED_69 = load_cases(HERE / "privacy_untrained_69.jsonl")
# First names in context, the INSEE lexicon's cases and their traps (names P 0.831 / R 0.700
# before the lexicon, P 0.928 / R 0.914 with it when first measured, before any tuning on it).
LEXICON = load_cases(HERE / "privacy_cases_lexicon.jsonl")
BY_ID = {case.id: case for case in CASES}
CONTACTS = json.loads((HERE / "privacy_public_contacts.json").read_text(encoding="utf-8"))
GUARD = PrivacyGuard(public_contacts=PublicContacts(CONTACTS["public_contacts"]))
RULES_ONLY = PrivacyGuard(persons=None, public_contacts=PublicContacts(CONTACTS["public_contacts"]))
IDENTIFIERS = [PiiType.EMAIL, PiiType.PHONE, PiiType.NIR, PiiType.IBAN, PiiType.BIRTH_DATE]
SETS = {"development": CASES, "held-out": HELD_OUT, "lexicon": LEXICON}
# Its addresses and dates are another part's work: its names are measured here.
NAMES_ONLY = {"independent": INDEPENDENT, "independent 2": INDEPENDENT_2}
# Below issue 13's targets still (names 0.943 / 0.947 after tuning): held at what it reached,
# so that a change that loses ground shows.
BELOW_TARGET = {
    "independent 3": INDEPENDENT_3,
    "independent 4": INDEPENDENT_4,
    "independent 5": INDEPENDENT_5,
    "independent 6": INDEPENDENT_6,
    "independent 7": INDEPENDENT_7,
    "independent 8": INDEPENDENT_8,
    "independent 9": INDEPENDENT_9,
    "independent 10": INDEPENDENT_10,
    "independent 11": INDEPENDENT_11,
    "independent 12": INDEPENDENT_12,
    "independent 13": INDEPENDENT_13,
    "independent 14": INDEPENDENT_14,
    "independent 15": INDEPENDENT_15,
    "independent 16": INDEPENDENT_16,
    "independent 17": INDEPENDENT_17,
    "independent 18": INDEPENDENT_18,
    "independent 19": INDEPENDENT_19,
    "independent 20": INDEPENDENT_20,
    "independent 21": INDEPENDENT_21,
    "independent 22": INDEPENDENT_22,
    "independent 23": INDEPENDENT_23,
    "independent 24": INDEPENDENT_24,
    "independent 25": INDEPENDENT_25,
    "independent 26": INDEPENDENT_26,
    "independent 27": INDEPENDENT_27,
    "independent 28": INDEPENDENT_28,
    "independent 29": INDEPENDENT_29,
    "independent 30": INDEPENDENT_30,
    "independent 31": INDEPENDENT_31,
    "independent 32": INDEPENDENT_32,
    "independent 33": INDEPENDENT_33,
    "independent 34": INDEPENDENT_34,
    "independent 35": INDEPENDENT_35,
    "independent 36": INDEPENDENT_36,
    "independent 37": INDEPENDENT_37,
    "independent 38": INDEPENDENT_38,
    "untrained 39": UNTRAINED_39,
    "untrained 40": UNTRAINED_40,
    "untrained 45": UNTRAINED_45,
    "untrained 46": UNTRAINED_46,
    "untrained 47": UNTRAINED_47,
    "untrained 48": UNTRAINED_48,
    "untrained 49": UNTRAINED_49,
    "untrained 50": UNTRAINED_50,
    "untrained 51": UNTRAINED_51,
    "untrained 52": UNTRAINED_52,
    "untrained 53": UNTRAINED_53,
    "untrained 54": UNTRAINED_54,
    "untrained 55": UNTRAINED_55,
    "untrained 56": UNTRAINED_56,
    "untrained 57": UNTRAINED_57,
    "untrained 58": UNTRAINED_58,
    "untrained 59": UNTRAINED_59,
    "untrained 60": UNTRAINED_60,
    "untrained 61": UNTRAINED_61,
    "untrained 62": UNTRAINED_62,
    "untrained 63": UNTRAINED_63,
    "untrained 64": UNTRAINED_64,
    "untrained 65": UNTRAINED_65,
    "untrained 66": UNTRAINED_66,
    "untrained 67": UNTRAINED_67,
    "untrained 68": UNTRAINED_68,
    "untrained 69": UNTRAINED_69,
}


@cache
def report(name: str, *, rules_only: bool = False) -> Report:
    """One evaluation per set and guard (the model takes a few ms a message)."""
    sets = SETS | NAMES_ONLY | BELOW_TARGET
    return evaluate(sets[name], (RULES_ONLY if rules_only else GUARD).detect)


def test_the_set_is_large_and_mixed() -> None:
    assert len(CASES) >= 200
    assert len(BY_ID) == len(CASES)
    assert sum(1 for case in CASES if not case.expected) >= 60
    assert {kind for case in CASES for kind, _ in case.expected} == set(PiiType)


def test_the_held_out_set_is_apart() -> None:
    assert len(HELD_OUT) >= 100
    assert len({case.id for case in HELD_OUT}) == len(HELD_OUT)
    assert not {case.text for case in HELD_OUT} & {case.text for case in CASES}
    assert (
        sum(1 for kind, _ in (s for c in HELD_OUT for s in c.expected) if kind is PiiType.NAME)
        >= 80
    )


def test_the_lexicon_set_is_apart_and_mixed() -> None:
    assert len(LEXICON) >= 80
    assert len({case.id for case in LEXICON}) == len(LEXICON)
    assert not {case.text for case in LEXICON} & {case.text for case in CASES + HELD_OUT}
    assert sum(1 for case in LEXICON if not case.expected) >= 25  # the traps
    assert sum(1 for case in LEXICON for kind, _ in case.expected if kind is PiiType.NAME) >= 60


ALL = CASES + HELD_OUT + LEXICON


@pytest.mark.parametrize("case", ALL, ids=[case.id for case in ALL])
def test_labels_are_in_the_text(case: LabelledCase) -> None:
    for _, text in case.expected:
        assert text in case.text


# A representative subset: one or more per type, tricky negatives, mixed letters.
SUBSET = [
    "case-003", "case-009", "case-018", "case-019", "case-022", "case-024", "case-025",
    "case-028", "case-029", "case-033", "case-035", "case-036", "case-044", "case-045",
    "case-046", "case-051", "case-052", "case-056", "case-057", "case-058", "case-059",
    "case-062", "case-063", "case-068", "case-070", "case-071", "case-074", "case-075",
    "case-080", "case-082", "case-084", "case-098", "case-104", "case-112", "case-131",
    "case-138", "case-148", "case-164",
]  # fmt: skip


@pytest.mark.parametrize("case_id", SUBSET)
def test_case(case_id: str) -> None:
    case = BY_ID[case_id]
    found = sorted((span.type, span.text) for span in GUARD.detect(case.text))
    assert found == sorted(case.expected), case.text


@pytest.mark.parametrize("name", SETS)
def test_precision_and_recall_on_the_whole_set(name: str) -> None:
    overall = report(name).overall
    assert overall.precision >= 0.97, report(name).errors
    assert overall.recall >= 0.95, report(name).errors


@pytest.mark.parametrize("name", SETS)
def test_the_targets_on_names_and_addresses(name: str) -> None:
    """Issue 13's targets: names recall >= 0.95 at precision >= 0.95, addresses recall >= 0.97."""
    names, addresses = report(name).by_type[PiiType.NAME], report(name).by_type[PiiType.ADDRESS]
    assert names.recall >= 0.95 and names.precision >= 0.95, report(name).errors
    assert addresses.recall >= 0.97 and addresses.precision >= 0.95, report(name).errors


@pytest.mark.parametrize("name", NAMES_ONLY)
def test_the_targets_on_names(name: str) -> None:
    names = report(name).by_type[PiiType.NAME]
    assert names.recall >= 0.95 and names.precision >= 0.95, report(name).errors


def test_the_third_independent_set_holds_its_ground() -> None:
    scores = report("independent 3").by_type
    names, addresses = scores[PiiType.NAME], scores[PiiType.ADDRESS]
    assert names.precision >= 0.95 and names.recall >= 0.95, report("independent 3").errors
    assert addresses.precision >= 0.97 and addresses.recall >= 0.92
    assert scores[PiiType.BIRTH_DATE].recall == 1.0
    for kind in (PiiType.EMAIL, PiiType.NIR, PiiType.IBAN):
        assert (scores[kind].precision, scores[kind].recall) == (1.0, 1.0)


def test_the_fourth_independent_set_holds_its_ground() -> None:
    scores = report("independent 4").by_type
    names, addresses = scores[PiiType.NAME], scores[PiiType.ADDRESS]
    assert names.precision >= 0.94 and names.recall >= 0.94, report("independent 4").errors
    assert addresses.precision >= 0.98 and addresses.recall >= 0.98
    assert scores[PiiType.BIRTH_DATE].recall == 1.0
    for kind in (PiiType.EMAIL, PiiType.PHONE, PiiType.NIR, PiiType.IBAN):
        assert (scores[kind].precision, scores[kind].recall) == (1.0, 1.0)


def test_the_fifth_independent_set_holds_its_ground() -> None:
    """Its names meet the targets now that it was tuned on; its addresses not quite (an
    address without a number, a floor before the number)."""
    scores = report("independent 5").by_type
    names, addresses = scores[PiiType.NAME], scores[PiiType.ADDRESS]
    assert names.precision >= 0.98 and names.recall >= 0.98, report("independent 5").errors
    assert addresses.precision >= 0.98 and addresses.recall >= 0.96
    for kind in IDENTIFIERS:
        assert (scores[kind].precision, scores[kind].recall) == (1.0, 1.0)


def test_the_sixth_independent_set_holds_its_ground() -> None:
    """Below the targets still: famous people, other bodies' public addresses, names that are
    words ("Dominique Dimanche")."""
    scores = report("independent 6").by_type
    names, addresses = scores[PiiType.NAME], scores[PiiType.ADDRESS]
    assert names.precision >= 0.94 and names.recall >= 0.96, report("independent 6").errors
    assert addresses.precision >= 0.93 and addresses.recall >= 0.97
    for kind in (PiiType.NIR, PiiType.IBAN, PiiType.BIRTH_DATE):
        assert (scores[kind].precision, scores[kind].recall) == (1.0, 1.0)


def test_the_seventh_independent_set_holds_its_ground() -> None:
    """Below the targets still: famous people and fictional characters, an address in a
    street type of its own (« PK 14,2 »)."""
    scores = report("independent 7").by_type
    names, addresses = scores[PiiType.NAME], scores[PiiType.ADDRESS]
    assert names.precision >= 0.93 and names.recall >= 0.97, report("independent 7").errors
    assert addresses.precision >= 0.98 and addresses.recall >= 0.97
    for kind in (PiiType.EMAIL, PiiType.NIR, PiiType.IBAN, PiiType.BIRTH_DATE):
        assert (scores[kind].precision, scores[kind].recall) == (1.0, 1.0)


def test_the_eighth_independent_set_holds_its_ground() -> None:
    """Below the targets still: names that are words (« Rose Dimanche », « Merveille »), rare
    first names alone in a list, famous people without context."""
    scores = report("independent 8").by_type
    names, addresses = scores[PiiType.NAME], scores[PiiType.ADDRESS]
    assert names.precision >= 0.95 and names.recall >= 0.94, report("independent 8").errors
    assert addresses.precision >= 0.98 and addresses.recall >= 0.96
    assert scores[PiiType.BIRTH_DATE].recall >= 0.97
    for kind in (PiiType.EMAIL, PiiType.PHONE, PiiType.NIR, PiiType.IBAN):
        assert (scores[kind].precision, scores[kind].recall) == (1.0, 1.0)


def test_the_ninth_independent_set_holds_its_ground() -> None:
    """Below the targets still: famous people without context, rare first names alone in
    lists, addresses of their own form (« PK 14,2 », a tower's name before the street)."""
    scores = report("independent 9").by_type
    names, addresses = scores[PiiType.NAME], scores[PiiType.ADDRESS]
    assert names.precision >= 0.94 and names.recall >= 0.89, report("independent 9").errors
    assert addresses.precision >= 0.93 and addresses.recall >= 0.87
    assert scores[PiiType.BIRTH_DATE].recall >= 0.93
    assert scores[PiiType.EMAIL].recall == 1.0
    for kind in (PiiType.NIR, PiiType.IBAN):
        assert (scores[kind].precision, scores[kind].recall) == (1.0, 1.0)


def test_the_tenth_independent_set_holds_its_ground() -> None:
    """Its names meet issue 13's targets; its addresses not (a street abroad number first, a
    Swiss postcode, a building without its town)."""
    scores = report("independent 10").by_type
    names, addresses = scores[PiiType.NAME], scores[PiiType.ADDRESS]
    assert names.precision >= 0.95 and names.recall >= 0.95, report("independent 10").errors
    assert addresses.precision >= 0.93 and addresses.recall >= 0.88
    assert scores[PiiType.BIRTH_DATE].recall >= 0.95
    for kind in (PiiType.NIR, PiiType.IBAN):
        assert (scores[kind].precision, scores[kind].recall) == (1.0, 1.0)


def test_the_eleventh_independent_set_holds_its_ground() -> None:
    """Far below the names' precision target: phrases of Basque, Wolof or Arabic the model
    takes for names, famous people, places of the country named like people."""
    scores = report("independent 11").by_type
    names, addresses = scores[PiiType.NAME], scores[PiiType.ADDRESS]
    assert names.precision >= 0.88 and names.recall >= 0.93, report("independent 11").errors
    assert addresses.precision >= 0.92 and addresses.recall >= 0.87
    assert scores[PiiType.BIRTH_DATE].recall >= 0.88
    assert (scores[PiiType.NIR].precision, scores[PiiType.NIR].recall) == (1.0, 1.0)


def test_the_twelfth_independent_set_holds_its_ground() -> None:
    """Addresses still short: places in words of their own (« Old Mill »), an address in Dakar
    or Oujda, a street without its number in a town's local name."""
    scores = report("independent 12").by_type
    names, addresses = scores[PiiType.NAME], scores[PiiType.ADDRESS]
    assert names.precision >= 0.94 and names.recall >= 0.95, report("independent 12").errors
    assert addresses.precision >= 0.93 and addresses.recall >= 0.90
    assert scores[PiiType.BIRTH_DATE].recall >= 0.98
    for kind in (PiiType.NIR, PiiType.IBAN):
        assert (scores[kind].precision, scores[kind].recall) == (1.0, 1.0)


def test_the_thirteenth_independent_set_holds_its_ground() -> None:
    """Short of the targets: famous people named without a context (footballers, singers,
    ministers), addresses in Armenia, Turkey, Algeria or the Comoros, a domiciliation."""
    scores = report("independent 13").by_type
    names, addresses = scores[PiiType.NAME], scores[PiiType.ADDRESS]
    assert names.precision >= 0.92 and names.recall >= 0.93, report("independent 13").errors
    # (0.89 with the names model one machine trained, 0.883 with the same recipe trained on
    # another: spaCy's training is not bit-identical across CPUs, a floor leaves room for it)
    assert addresses.precision >= 0.87 and addresses.recall >= 0.81
    assert scores[PiiType.BIRTH_DATE].recall >= 0.93
    for kind in (PiiType.NIR, PiiType.IBAN):
        assert (scores[kind].precision, scores[kind].recall) == (1.0, 1.0)


def test_the_fourteenth_independent_set_holds_its_ground() -> None:
    """Far short of the targets: hamlets named alone (« Le Praz », « Villaret »), chalets by
    their owners' words, resort buildings, mountain roads' kilometre points; skiers and
    politicians named without a context."""
    scores = report("independent 14").by_type
    names, addresses = scores[PiiType.NAME], scores[PiiType.ADDRESS]
    assert names.precision >= 0.86 and names.recall >= 0.88, report("independent 14").errors
    assert addresses.precision >= 0.77 and addresses.recall >= 0.63
    assert scores[PiiType.BIRTH_DATE].recall >= 0.98
    assert scores[PiiType.PHONE].recall == 1.0
    for kind in (PiiType.NIR, PiiType.IBAN):
        assert (scores[kind].precision, scores[kind].recall) == (1.0, 1.0)


def test_the_fifteenth_independent_set_holds_its_ground() -> None:
    """Far short of the targets, as measured blind: names written surname first with a comma
    (« FERNÁNDEZ GÓMEZ, Pilar »), Spanish and Portuguese double surnames, rugby players and
    politicians; farms and « lieux-dits » named alone, addresses in Brazil or India."""
    scores = report("independent 15").by_type
    names, addresses = scores[PiiType.NAME], scores[PiiType.ADDRESS]
    assert names.precision >= 0.88 and names.recall >= 0.83, report("independent 15").errors
    assert addresses.precision >= 0.75 and addresses.recall >= 0.59
    assert scores[PiiType.BIRTH_DATE].recall >= 0.89
    for kind in (PiiType.NIR, PiiType.IBAN):
        assert (scores[kind].precision, scores[kind].recall) == (1.0, 1.0)


# Floors of the sets written blind in the last rounds: names P and R, addresses P and R, birth
# dates R. The sixteenth was tuned on; still short: foreign towns and famous people taken for
# names (« Braga », « Albert Schweitzer »), lone first names in lower case. The seventeenth and
# eighteenth: the stock model's blind figures (tuned on for addresses abroad since, the names
# model trained on them, both reading more).
ROUND_FLOORS = {
    "independent 16": (0.94, 0.92, 0.94, 0.94, 0.97),
    "independent 17": (0.95, 0.92, 0.92, 0.78, 0.90),
    "independent 18": (0.91, 0.93, 0.88, 0.82, 0.90),
    # the lower of the stock model's and the untrained names model's figures after tuning
    "independent 19": (0.95, 0.94, 0.94, 0.92, 0.99),
    "independent 20": (0.97, 0.94, 0.91, 0.93, 0.97),
    "independent 21": (0.93, 0.91, 0.97, 0.94, 0.98),
    "independent 22": (0.94, 0.96, 0.95, 0.91, 0.98),
    "independent 23": (0.96, 0.96, 0.92, 0.91, 0.98),
    # (addresses P 0.93 until the names model trained in five passes, not eight: 0.930)
    "independent 24": (0.94, 0.94, 0.92, 0.91, 0.94),
    "independent 25": (0.96, 0.90, 0.93, 0.95, 0.97),
    "independent 26": (0.96, 0.92, 0.91, 0.88, 0.97),
    "independent 27": (0.95, 0.95, 0.93, 0.90, 0.93),
    "independent 28": (0.93, 0.92, 0.88, 0.81, 0.92),
    "independent 29": (0.95, 0.93, 0.95, 0.92, 0.96),
    "independent 30": (0.94, 0.92, 0.87, 0.87, 0.91),
    "independent 31": (0.92, 0.90, 0.91, 0.87, 0.93),
    "independent 32": (0.92, 0.92, 0.92, 0.91, 0.92),
    "independent 33": (0.91, 0.94, 0.87, 0.80, 0.92),
    "independent 34": (0.90, 0.87, 0.88, 0.83, 0.99),
    "independent 35": (0.92, 0.93, 0.89, 0.74, 0.94),
    "independent 36": (0.93, 0.91, 0.95, 0.92, 0.99),
    "independent 37": (0.94, 0.96, 0.91, 0.83, 0.99),
    "independent 38": (0.96, 0.96, 0.91, 0.89, 0.99),
    # (the stock model's, lower than the names model's: 0.926 / 0.926, 0.902 / 0.920 and
    # 0.929 / 0.955, 0.915 / 0.908)
    "untrained 39": (0.88, 0.89, 0.88, 0.84, 0.96),
    "untrained 40": (0.91, 0.90, 0.81, 0.76, 0.99),
    # (the stock model's again: the names model reads 0.957 / 0.975, 0.959 / 0.933 and 0.980 /
    # 0.987, 0.987 / 0.987)
    "untrained 45": (0.91, 0.94, 0.90, 0.83, 0.99),
    "untrained 46": (0.95, 0.94, 0.96, 0.93, 0.98),
    # (the stock model's; the names model reads 0.984 / 0.977, 0.987 / 0.980 and 0.983 / 0.985,
    # 1.000 / 0.993)
    "untrained 47": (0.94, 0.92, 0.88, 0.82, 0.99),
    "untrained 48": (0.94, 0.95, 0.95, 0.90, 0.99),
    # (the stock model's; the names model reads 0.973 / 0.953, 0.981 / 0.975 and 0.961 / 0.956,
    # 0.959 / 0.966)
    "untrained 49": (0.94, 0.90, 0.95, 0.88, 0.97),
    "untrained 50": (0.91, 0.92, 0.88, 0.87, 0.99),
    # (the stock model's; the names model reads
    # 0.975 / 0.964, 0.963 / 0.957; 0.984 / 0.982, 0.986 / 0.980; 0.976 / 0.979, 0.953 / 0.959;
    # 0.982 / 0.960, 0.940 / 0.946)
    "untrained 51": (0.96, 0.91, 0.92, 0.87, 0.96),
    "untrained 52": (0.96, 0.95, 0.95, 0.90, 0.99),
    "untrained 53": (0.94, 0.93, 0.91, 0.88, 0.99),
    "untrained 54": (0.93, 0.92, 0.91, 0.91, 0.97),
    # (the stock model's; the names model reads 0.990 / 0.992, 0.944 / 0.944; 0.971 / 0.988,
    # 0.938 / 0.932; 0.961 / 0.968, 0.970 / 0.970)
    "untrained 55": (0.98, 0.94, 0.89, 0.85, 0.98),
    "untrained 56": (0.96, 0.95, 0.93, 0.89, 0.99),
    "untrained 57": (0.94, 0.93, 0.96, 0.95, 0.97),
    # (the lower of the stock model's and the names model's after tuning: names model 0.960 /
    # 0.937, 0.862 / 0.887; 0.962 / 0.938, 0.821 / 0.958; 0.968 / 0.964, 0.940 / 0.940; stock
    # 0.942 / 0.887, 0.891 / 0.849; 0.954 / 0.912, 0.869 / 0.969; 0.937 / 0.933, 0.894 / 0.871;
    # a hundredth less where the names model's, which another machine trains a little apart)
    "untrained 58": (0.94, 0.88, 0.85, 0.84, 0.94),
    "untrained 59": (0.95, 0.91, 0.81, 0.94, 0.98),
    "untrained 60": (0.93, 0.93, 0.89, 0.87, 0.98),
    # (the stock model's but the sixty-second's addresses P, the names model's: it reads 0.949 /
    # 0.959, 0.871 / 0.957; 0.953 / 0.962, 0.886 / 0.959; 0.926 / 0.856, 0.837 / 0.791)
    "untrained 61": (0.92, 0.92, 0.82, 0.88, 0.96),
    "untrained 62": (0.91, 0.91, 0.87, 0.91, 0.94),
    "untrained 63": (0.91, 0.80, 0.81, 0.71, 0.84),
    # (a hundredth under the lower of the two models' after tuning: names model 0.966 / 0.971,
    # 0.940 / 0.963; 0.975 / 0.955, 0.862 / 0.971; 0.947 / 0.967, 0.891 / 0.953; stock 0.952 /
    # 0.911, 0.915 / 0.926; 0.948 / 0.914, 0.811 / 0.874; 0.926 / 0.933, 0.899 / 0.930)
    "untrained 64": (0.94, 0.90, 0.90, 0.91, 0.94),
    "untrained 65": (0.93, 0.90, 0.80, 0.86, 0.97),
    "untrained 66": (0.91, 0.92, 0.88, 0.92, 0.95),
    # (the same way: names model 0.977 / 0.959, 0.845 / 0.922; 0.934 / 0.963, 0.830 / 0.871;
    # 0.980 / 0.972, 0.794 / 0.819; stock 0.957 / 0.924, 0.854 / 0.909; 0.898 / 0.925, 0.800 /
    # 0.832; 0.962 / 0.926, 0.766 / 0.766)
    "untrained 67": (0.94, 0.91, 0.83, 0.89, 0.99),
    "untrained 68": (0.88, 0.91, 0.79, 0.82, 0.96),
    "untrained 69": (0.95, 0.91, 0.75, 0.75, 0.96),
}
# An identifier a set's writer typed wrong: no checksum holds it (« PT50 0007 … », corrected in
# the next sentence to « PT88 … »).
# (« CH27 0076 2021 6245 2345 678 », two characters more than a Swiss IBAN has).
MISTYPED_IDENTIFIERS = {"untrained 61": PiiType.IBAN, "untrained 69": PiiType.IBAN}


@pytest.mark.parametrize("name", ROUND_FLOORS)
def test_the_sets_written_blind_this_round_hold_their_ground(name: str) -> None:
    names_p, names_r, addresses_p, addresses_r, births_r = ROUND_FLOORS[name]
    scores = report(name).by_type
    names, addresses = scores[PiiType.NAME], scores[PiiType.ADDRESS]
    assert names.precision >= names_p and names.recall >= names_r, report(name).errors
    assert addresses.precision >= addresses_p and addresses.recall >= addresses_r
    assert scores[PiiType.BIRTH_DATE].recall >= births_r
    for kind in (PiiType.NIR, PiiType.IBAN):
        if MISTYPED_IDENTIFIERS.get(name) is kind:
            assert scores[kind].precision == 1.0 and scores[kind].false_negatives <= 1
        else:
            assert (scores[kind].precision, scores[kind].recall) == (1.0, 1.0)


def test_the_pacific_territories_phones_are_read() -> None:
    """Read blind at 0.153: New Caledonia's and Polynesia's numbers without their code."""
    phones = report("untrained 40").by_type[PiiType.PHONE]
    assert phones.precision == 1.0 and phones.recall >= 0.98, report("untrained 40").errors


@pytest.mark.parametrize("kind", IDENTIFIERS)
@pytest.mark.parametrize("name", SETS)
def test_identifiers_are_perfect(name: str, kind: PiiType) -> None:
    score = report(name).by_type[kind]
    assert (score.recall, score.precision) == (1.0, 1.0)


def test_the_model_finds_the_names_the_rules_miss() -> None:
    """The names the rules alone miss, on the sets not tuned on when written, are why the model
    is there."""
    rules = (
        report("held-out", rules_only=True).by_type[PiiType.NAME]
        + report("independent", rules_only=True).by_type[PiiType.NAME]
    )
    both = report("held-out").by_type[PiiType.NAME] + report("independent").by_type[PiiType.NAME]
    assert both.true_positives > rules.true_positives
    # 0.1 until the rules listed the children after "ses deux filles" (two names of 212), 0.09
    # until they read names before their address and callers' names (0.085 since; 0.075 with
    # the names model trained in five passes: one name of 212 the rules do not read either;
    # 0.066 since the rules tidy a name's edges and read series of first names).
    assert both.recall - rules.recall >= 0.06
