// A question in French about the indicators (POST /v1/questions), on the dashboard: what was
// understood (« J'ai compris : … »), the indicator chosen, its filters and its values; a
// question that names no indicator gets the service's French answer with the close ones.
"use strict";

import { $, clear, clearFieldErrors, definition, element, showFieldError } from "./shared/dom.js";
import { report, request } from "./shared/api.js";
import { communeName, groupLabel, measure, periodLabel, scrollable, table } from "./tables.js";

const EMPTY = "Écrivez votre question, par exemple : combien de questions à Metz en mars ?";
const SUPPRESSED = "Non montré (secret statistique)";

function valuesTable(answer) {
  const kpi = answer.kpi;
  const values = answer.values;
  const labels = Object.fromEntries(kpi.dimensions.map((d) => [d.name, d.label]));
  const columns = [
    ...values.group_by.map((name) => ({ label: labels[name] || name })),
    { label: "Valeur", numeric: true },
  ];
  const rows = values.cells.map((cell) => [
    ...values.group_by.map((name) => groupLabel(name, cell.dimensions[name])),
    cell.suppressed || cell.value === null ? SUPPRESSED : measure(cell.value, kpi.unit),
  ]);
  if (!rows.length) rows.push([...values.group_by.map(() => ""), "Aucune donnée sur la période"]);
  const caption = kpi.label + ", " + periodLabel(values.from, values.to);
  return scrollable(table(caption, columns, rows, { rowHeader: values.group_by.length > 0 }));
}

function show(answer) {
  $("question-compris").textContent = answer.understood;
  const list = $("question-indicateur");
  clear(list);
  definition(list, "Indicateur", answer.kpi.label + " (" + answer.kpi.name + ")");
  definition(list, "Définition", answer.kpi.definition);
  const communes = answer.filters.communes.map((c) => communeName(c.code, true));
  definition(list, "Communes", communes.length ? communes.join(", ") : "Vos communes (aucune nommée)");
  definition(list, "Période", periodLabel(answer.filters.from, answer.filters.to));
  for (const [dimension, values] of Object.entries(answer.filters.dimensions)) {
    const label = (answer.kpi.dimensions.find((d) => d.name === dimension) || {}).label || dimension;
    definition(list, label, values.join(" ou "));
  }
  const container = $("question-valeurs");
  clear(container);
  container.append(valuesTable(answer));
  $("question-reponse").hidden = false;
}

async function ask(event) {
  event.preventDefault();
  const form = $("question-formulaire");
  const field = $("question-texte");
  clearFieldErrors(form);
  $("question-erreur").textContent = "";
  $("question-reponse").hidden = true;
  const question = field.value.trim();
  if (!question) {
    showFieldError(field, EMPTY);
    field.focus();
    return;
  }
  $("question-etat").textContent = "Recherche de l'indicateur…";
  try {
    const answer = await request("/v1/questions", { method: "POST", json: { question } });
    show(answer);
    $("question-etat").textContent = "Réponse prête.";
  } catch (error) {
    $("question-etat").textContent = "";
    report(error, $("question-erreur"));
  }
}

export function bind() {
  $("question-formulaire").addEventListener("submit", ask);
}
