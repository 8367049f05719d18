// The dashboard (#tableau?commune=…&du=…&au=…): the key indicators of a commune over a
// period, each a card with its value and the way to its detail; the council's report.
"use strict";

import { $, clear, element } from "./shared/dom.js";
import { report, request } from "./shared/api.js";
import { measure, periodLabel, plural } from "./tables.js";
import { apiQuery, communeLabel, fill, query, read, submitted } from "./selection.js";
import * as energy from "./energy.js";

// The key indicators, in their order (the council's report shows the same).
export const KEY_INDICATORS = [
  "questions-posees",
  "taux-de-reponse",
  "demandes-agent",
  "satisfaction",
  "propositions-ia-acceptees",
  "propositions-ia-modifiees",
  "propositions-ia-ecartees",
  "consommation-eau",
];

let catalogue = null;

// The declared indicators (label, definition, unit, dimensions…), by name; read once.
export async function declarations() {
  if (!catalogue) {
    const list = await request("/v1/kpis");
    catalogue = Object.fromEntries(list.map((kpi) => [kpi.name, kpi]));
  }
  return catalogue;
}

// Whose figures: the commune chosen, or the whole collectivity for an indicator without
// communes.
export function scopeLabel(kpi, selection) {
  return kpi.per_commune ? communeLabel(selection) : "toute la collectivité (sans commune)";
}

// The value of a one-cell answer, in words.
export function valueText(kpi, answer) {
  const cell = answer.cells[0];
  if (!cell) return "Aucune donnée sur la période";
  if (cell.suppressed || cell.value === null) {
    return "Non montré : moins de " + kpi.min_group_size + " (secret statistique)";
  }
  return measure(cell.value, kpi.unit);
}

function card(kpi, answer, selection) {
  const item = element("li");
  const article = element("article", null, { class: "carte", "aria-labelledby": "carte-" + kpi.name });
  article.append(element("h2", kpi.label, { id: "carte-" + kpi.name }));
  if (answer instanceof Error) {
    const failure = element("p", null, { class: "erreur" });
    report(answer, failure);
    article.append(failure);
  } else {
    article.append(element("p", valueText(kpi, answer), { class: "valeur" }));
  }
  const scope = scopeLabel(kpi, selection);
  article.append(element("p", scope.charAt(0).toUpperCase() + scope.slice(1), { class: "indice" }));
  article.append(element("p", kpi.definition));
  const more = element("p");
  more.append(
    element("a", "Détail de « " + kpi.label + " »", {
      href: "#indicateur/" + encodeURIComponent(kpi.name) + "?" + query(selection, { par: "month" }),
    }),
  );
  article.append(more);
  item.append(article);
  return item;
}

function showReportLink(selection) {
  const link = $("rapport-lien");
  link.hidden = !selection.commune;
  $("rapport-commune").hidden = Boolean(selection.commune);
  $("rapport-etat").textContent = "";
  $("rapport-erreur").textContent = "";
  if (selection.commune) {
    link.href =
      "/v1/reports/" + encodeURIComponent(selection.commune) + ".pdf?" +
      new URLSearchParams({ from: selection.du, to: selection.au }).toString();
  }
}

export async function show(open, where) {
  open("tableau");
  const status = $("tableau-etat");
  const failure = $("tableau-erreur");
  const list = $("tableau-indicateurs");
  failure.textContent = "";
  status.textContent = "Chargement des indicateurs…";
  clear(list);
  let selection;
  let kpis;
  try {
    selection = await read(where.params);
    await fill("tableau", selection);
    showReportLink(selection);
    kpis = await declarations();
  } catch (error) {
    status.textContent = "";
    report(error, failure);
    return;
  }
  const shown = KEY_INDICATORS.filter((name) => kpis[name]);
  const answers = await Promise.all(
    shown.map((name) =>
      request("/v1/kpis/" + encodeURIComponent(name) + "?" + apiQuery(selection, kpis[name].per_commune)).catch(
        (error) => (error instanceof Error ? error : new Error(String(error))),
      ),
    ),
  );
  clear(list);
  shown.forEach((name, index) => list.append(card(kpis[name], answers[index], selection)));
  await energy.show(kpis, selection);
  status.textContent =
    plural(shown.length, "indicateur", "indicateurs") + " — " + communeLabel(selection) + ", " +
    periodLabel(selection.du, selection.au) + ".";
}

export function bind(navigate) {
  $("tableau-selection").addEventListener("submit", (event) => {
    event.preventDefault();
    const selection = submitted("tableau");
    if (!selection) return;
    const hash = "#tableau?" + query(selection);
    if (window.location.hash === hash) navigate();
    else window.location.hash = hash;
  });
}
