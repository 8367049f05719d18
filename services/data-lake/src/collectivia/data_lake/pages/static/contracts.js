// DSP contracts: the list (#contrats), one contract (#contrats/<id>) with its data clauses,
// the compliance of its deliveries period by period, and the deliveries received.
"use strict";

import { $, clear, definition, element, formatDate, formatDay, paragraphs } from "./shared/dom.js";
import { report, request } from "./shared/api.js";
import { code, number, plural, scrollable, table } from "./tables.js";

const SERVICES = {
  "eau-potable": "Eau potable",
  assainissement: "Assainissement",
  "collecte-dechets": "Collecte des déchets",
  transports: "Transports",
  stationnement: "Stationnement",
  "chauffage-urbain": "Chauffage urbain",
  energie: "Énergie",
  "restauration-collective": "Restauration collective",
  "equipements-sportifs": "Équipements sportifs et de loisirs",
  autre: "Autre",
};
const FREQUENCIES = {
  daily: "quotidienne",
  monthly: "mensuelle",
  quarterly: "trimestrielle",
  yearly: "annuelle",
  continuous: "continue",
};
const GOOD = new Set(["on_time"]);
const BAD = new Set(["late", "invalid", "missing"]);
// The most recent periods shown per dataset (a daily delivery owes 365 a year).
const SHOWN_PERIODS = 36;

function path(id) {
  return "/v1/contracts/" + encodeURIComponent(id);
}

function datasetLink(id) {
  return element("a", id, { href: "#jeux/" + encodeURIComponent(id) });
}

// "du 1 janvier 2026 au 31 janvier 2026" (the API's end is excluded).
function period(start, end) {
  const last = new Date(end + "T12:00:00");
  last.setDate(last.getDate() - 1);
  const lastDay = last.toISOString().slice(0, 10);
  return start === lastDay ? "le " + formatDay(start) : "du " + formatDay(start) + " au " + formatDay(lastDay);
}

// --- the list --------------------------------------------------------------------------

function contractsTable(list) {
  return table(
    "Contrats de délégation de service public (" + number(list.length) + ")",
    [
      { label: "Intitulé" },
      { label: "Délégataire" },
      { label: "Service délégué" },
      { label: "Durée" },
      { label: "Jeux de données à livrer", numeric: true },
    ],
    list.map((c) => [
      element("a", c.title, { href: "#contrats/" + encodeURIComponent(c.id) }),
      c.operator_name,
      SERVICES[c.public_service] || c.public_service,
      "du " + formatDay(c.starts_on) + " au " + formatDay(c.ends_on),
      number(c.datasets.length),
    ]),
    { rowHeader: true },
  );
}

async function loadList() {
  const status = $("contrats-etat");
  const holder = $("contrats-tableau");
  status.textContent = "Chargement de la liste…";
  try {
    const list = await request("/v1/contracts");
    clear(holder);
    if (list.length) holder.append(scrollable(contractsTable(list)));
    status.textContent = list.length ? plural(list.length, "contrat", "contrats") + "." : "Aucun contrat déclaré pour l'instant.";
  } catch (error) {
    clear(holder);
    report(error, status);
  }
}

export async function showList(open) {
  open("contrats");
  await loadList();
}

// --- one contract ------------------------------------------------------------------------

function showContract(c) {
  const list = $("contrat-infos");
  clear(list);
  definition(list, "Identifiant", code(c.id));
  definition(list, "Délégataire", c.operator_name + (c.operator_siren ? " (SIREN " + c.operator_siren + ")" : ""));
  definition(list, "Compte de livraison du délégataire", code(c.operator_client_id));
  definition(list, "Service délégué", SERVICES[c.public_service] || c.public_service);
  definition(list, "Durée", "du " + formatDay(c.starts_on) + " au " + formatDay(c.ends_on));
  const clauses = c.clauses;
  definition(
    list,
    "Données ouvertes",
    clauses.open_data ? "Oui : les données du service sont ouvertes" : "Non : exemption motivée — " + clauses.open_data_exemption,
  );
  if (!clauses.open_data && clauses.open_data_exemption_url) {
    definition(list, "Décision d'exemption publiée", element("a", clauses.open_data_exemption_url, { href: clauses.open_data_exemption_url }));
  }
  if (clauses.returned_assets) {
    const assets = element("span", "Oui" + (clauses.returned_assets_dataset_id ? " — inventaire : " : ""));
    if (clauses.returned_assets_dataset_id) assets.append(datasetLink(clauses.returned_assets_dataset_id));
    definition(list, "Biens de retour", assets);
  } else {
    definition(list, "Biens de retour", "Non");
  }
  const obligations = element("ul");
  for (const o of c.datasets) {
    const item = element("li");
    item.append(datasetLink(o.dataset_id));
    item.append(
      " : livraison " +
        (FREQUENCIES[o.frequency] || o.frequency) +
        (o.frequency === "continuous" ? "" : ", " + plural(o.deadline_days, "jour", "jours") + " de délai après chaque période"),
    );
    obligations.append(item);
  }
  definition(list, "Jeux de données à livrer", obligations);
  const text = [clauses.clause_text, clauses.returned_assets_clause].filter(Boolean).join("\n\n");
  const holder = $("contrat-clauses");
  clear(holder);
  $("contrat-clauses-bloc").hidden = !text;
  if (text) paragraphs(text, holder);
}

function periodsTable(dataset) {
  const periods = dataset.periods.slice().sort((a, b) => (a.period_start < b.period_start ? 1 : -1)).slice(0, SHOWN_PERIODS);
  return table(
    "Périodes de « " + dataset.dataset_id + " », la plus récente d'abord",
    [
      { label: "Période" },
      { label: "Échéance" },
      { label: "Statut" },
      { label: "Fichiers reçus", numeric: true },
      { label: "Fichiers valides", numeric: true },
      { label: "Livrée le" },
    ],
    periods.map((p) => [
      period(p.period_start, p.period_end),
      formatDate(p.deadline),
      element("span", p.status_label, {
        class: GOOD.has(p.status) ? "statut-accepte" : BAD.has(p.status) ? "statut-refuse" : "",
      }),
      number(p.received),
      number(p.valid),
      p.settled_at ? formatDate(p.settled_at) : "Pas encore",
    ]),
    { rowHeader: true },
  );
}

function showCompliance(compliance) {
  const holder = $("conformite");
  clear(holder);
  $("conformite-date").textContent = "Situation au " + formatDate(compliance.as_of) + ".";
  for (const d of compliance.datasets) {
    const block = element("div", null, { class: "bloc" });
    const heading = element("h3");
    heading.append(datasetLink(d.dataset_id));
    block.append(heading);
    if (d.frequency === "continuous") {
      block.append(element("p", "Télémétrie transmise en continu : pas de livraison périodique."));
      holder.append(block);
      continue;
    }
    block.append(
      element(
        "p",
        plural(d.expected, "période due", "périodes dues") +
          " (livraison " +
          (FREQUENCIES[d.frequency] || d.frequency) +
          ") : " +
          [
            plural(d.on_time, "livrée à temps", "livrées à temps"),
            plural(d.late, "livrée en retard", "livrées en retard"),
            plural(d.invalid, "refusée à l'entrée", "refusées à l'entrée"),
            plural(d.missing, "manquante", "manquantes"),
            plural(d.pending, "en attente", "en attente"),
          ].join(", ") +
          ".",
      ),
    );
    if (d.periods.length) block.append(scrollable(periodsTable(d)));
    if (d.periods.length > SHOWN_PERIODS) {
      block.append(element("p", "Seules les " + SHOWN_PERIODS + " périodes les plus récentes sont montrées.", { class: "indice" }));
    }
    holder.append(block);
  }
}

function result(delivery) {
  if (delivery.complete) return element("span", "Complète", { class: "statut-accepte" });
  if (delivery.valid) return element("span", "Valide mais vide", { class: "statut-refuse" });
  return element("span", "Refusée à l'entrée", { class: "statut-refuse" });
}

function deliveriesTable(deliveries) {
  return table(
    "Livraisons reçues, la plus récente d'abord (" + number(deliveries.length) + ")",
    [
      { label: "Reçue le" },
      { label: "Jeu de données" },
      { label: "Période" },
      { label: "Fichier" },
      { label: "Résultat" },
      { label: "Délai" },
      { label: "Lignes", numeric: true },
      { label: "Rapport de validation" },
    ],
    deliveries.map((d) => [
      formatDate(d.received_at),
      datasetLink(d.dataset_id),
      period(d.period_start, d.period_end),
      d.filename,
      result(d),
      d.on_time ? "À temps" : "En retard",
      number(d.rows),
      d.quarantine_id ? element("a", "Voir le rapport", { href: "#quarantaine/" + encodeURIComponent(d.quarantine_id) }) : "Aucun",
    ]),
    { rowHeader: true },
  );
}

async function loadCompliance(id) {
  const status = $("conformite-etat");
  status.textContent = "Chargement du respect des livraisons…";
  try {
    showCompliance(await request(path(id) + "/compliance"));
    status.textContent = "";
  } catch (error) {
    clear($("conformite"));
    report(error, status);
  }
}

async function loadDeliveries(id) {
  const status = $("livraisons-etat");
  const holder = $("livraisons-tableau");
  try {
    const deliveries = await request(path(id) + "/deliveries");
    clear(holder);
    if (deliveries.length) holder.append(scrollable(deliveriesTable(deliveries)));
    status.textContent = deliveries.length ? "" : "Aucune livraison reçue pour l'instant.";
  } catch (error) {
    clear(holder);
    report(error, status);
  }
}

export async function showContractScreen(open, id) {
  for (const holder of ["contrat-infos", "contrat-clauses", "conformite", "livraisons-tableau"]) clear($(holder));
  for (const node of ["contrat-etat", "conformite-date", "conformite-etat", "livraisons-etat"]) $(node).textContent = "";
  $("contrat-clauses-bloc").hidden = true;
  let contract;
  try {
    contract = await request(path(id));
  } catch (error) {
    open("contrat", "Contrat introuvable");
    report(error, $("contrat-etat"));
    return;
  }
  open("contrat", contract.title);
  showContract(contract);
  await Promise.all([loadCompliance(id), loadDeliveries(id)]);
}

export function bind() {
  $("contrats-actualiser").addEventListener("click", loadList);
}
