// The dashboard's energy card: the estimated energy and CO2 of the suite's AI uses, month
// by month, for the whole collectivity (the uses have no commune) — the chart of the energy
// drawn by the service like the others, its summary as the caption, and the table of the
// three energy indicators by month, each linked to its detail.
"use strict";

import { $, clear, element } from "./shared/dom.js";
import { report, request } from "./shared/api.js";
import { chart, figure } from "./charts.js";
import { groupLabel, measure, periodLabel, scrollable, table } from "./tables.js";
import { apiQuery, query } from "./selection.js";

// The energy indicators, the charted one first.
export const ENERGY_INDICATORS = ["energie-ia", "co2-ia", "energie-par-usage"];

let generation = 0;

function byMonth(answer) {
  const values = new Map();
  for (const cell of answer.cells) values.set(cell.dimensions.month, cell);
  return values;
}

function shownValue(kpi, cell) {
  if (!cell) return "—";
  if (cell.suppressed || cell.value === null) return "Non montré";
  return measure(cell.value, kpi.unit);
}

function monthsTable(kpis, answers, selection) {
  const months = [...new Set(answers.flatMap((answer) => answer.cells.map((cell) => cell.dimensions.month)))].sort();
  const values = answers.map(byMonth);
  return table(
    "Énergie et émissions de l'IA par mois — toute la collectivité, " + periodLabel(selection.du, selection.au),
    [{ label: "Mois" }, ...kpis.map((kpi) => ({ label: kpi.label, numeric: true }))],
    months.map((month) => [groupLabel("month", month), ...kpis.map((kpi, index) => shownValue(kpi, values[index].get(month)))]),
    { rowHeader: true },
  );
}

function links(kpis, selection) {
  const list = element("ul", null, { class: "liens" });
  for (const kpi of kpis) {
    const item = element("li");
    item.append(
      element("a", "Détail de « " + kpi.label + " »", {
        href: "#indicateur/" + encodeURIComponent(kpi.name) + "?" + query(selection, { par: "month" }),
      }),
    );
    list.append(item);
  }
  return list;
}

// Draw the card for ``selection`` (its period; the uses are the whole collectivity's).
export async function show(kpisByName, selection) {
  generation += 1;
  const mine = generation;
  const holder = $("energie-contenu");
  const status = $("energie-etat");
  const failure = $("energie-erreur");
  clear(holder);
  failure.textContent = "";
  const kpis = ENERGY_INDICATORS.map((name) => kpisByName[name]).filter(Boolean);
  $("energie").hidden = kpis.length === 0;
  if (!kpis.length) return;
  status.textContent = "Chargement de l'énergie de l'IA…";
  const api = apiQuery(selection, false, { group_by: "month" });
  let drawn;
  let answers;
  try {
    [drawn, ...answers] = await Promise.all([
      chart("/v1/charts/" + encodeURIComponent(kpis[0].name) + ".svg?" + api),
      ...kpis.map((kpi) => request("/v1/kpis/" + encodeURIComponent(kpi.name) + "?" + api)),
    ]);
  } catch (error) {
    if (mine !== generation) return;
    status.textContent = "";
    report(error, failure);
    return;
  }
  if (mine !== generation) return;
  holder.append(
    figure(drawn, "Ses valeurs sont dans le tableau qui suit."),
    scrollable(monthsTable(kpis, answers, selection)),
    element("p", kpis[0].definition, { class: "indice" }),
    links(kpis, selection),
  );
  const months = answers[0].cells.length;
  status.textContent = months
    ? "Énergie de l'IA : " + months + (months > 1 ? " mois affichés." : " mois affiché.")
    : "Énergie de l'IA : aucun usage estimé sur la période.";
}
