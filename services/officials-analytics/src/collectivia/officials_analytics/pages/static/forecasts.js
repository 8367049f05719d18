// The forecasts (#previsions?commune=…): for the commune's series (requests to the citizen
// service, handovers to an agent, water consumption), the history and the forecast of the
// next months with their intervals — each forecast shown with « Prévision produite par un
// algorithme », the link to the algorithm's entry in the public register and the error
// measured on the past, beside it. Without a forecast, the reason, in French.
"use strict";

import { $, clear, element, formatDate, safeUrl } from "./shared/dom.js";
import { report, request } from "./shared/api.js";
import { chart, figure as chartFigure } from "./charts.js";
import { monthLabel, number, scrollable, table, unit } from "./tables.js";
import { fill, query, read, submitted } from "./selection.js";

const SERIES = ["demand", "handovers", "water"];

// An error measure, with two decimals: "0,84", "12,50 %".
function figure(value, suffix) {
  if (value === null || value === undefined) return "non mesurée";
  return value.toLocaleString("fr-FR", { minimumFractionDigits: 2, maximumFractionDigits: 2 }) + (suffix || "");
}

function registerLink(forecast) {
  const url = safeUrl(forecast.register_url);
  const paragraph = element("p");
  if (!url) return paragraph;
  paragraph.append(
    element("a", "Fiche de l'algorithme au registre public des algorithmes", { href: url }),
  );
  return paragraph;
}

function forecastTable(forecast) {
  const shown = unit(forecast.unit);
  const interval = (low, high) => number(Math.round(low), 0) + " à " + number(Math.round(high), 0);
  return table(
    "Prévision : " + forecast.label + " (" + shown + ")",
    [
      { label: "Mois" },
      { label: "Prévision", numeric: true },
      { label: "Intervalle à 80 %", numeric: true },
      { label: "Intervalle à 95 %", numeric: true },
    ],
    forecast.forecast.map((point) => [
      monthLabel(point.month),
      number(Math.round(point.value), 0),
      interval(point.lower_80, point.upper_80),
      interval(point.lower_95, point.upper_95),
    ]),
    { rowHeader: true },
  );
}

function historyTable(forecast) {
  const rows = forecast.history.map((point) => [
    monthLabel(point.month),
    point.masked ? "Masqué (secret statistique)" : point.value === null ? "Aucune donnée" : number(point.value, 2),
  ]);
  return table("Historique : " + forecast.label + " (" + unit(forecast.unit) + ")", [{ label: "Mois" }, { label: "Valeur", numeric: true }], rows, {
    rowHeader: true,
  });
}

function section(forecast, index, drawn) {
  const block = element("section", null, { class: "bloc prevision", "aria-labelledby": "titre-prevision-" + index });
  block.append(element("h2", forecast.label, { id: "titre-prevision-" + index }));
  if (!forecast.forecast) {
    block.append(element("p", forecast.reason || "Prévision non affichée.", { class: "alerte" }));
    block.append(registerLink(forecast));
  } else {
    block.append(element("p", forecast.mention || "Prévision produite par un algorithme", { class: "mention-ia" }));
    block.append(registerLink(forecast));
    const accuracy = forecast.backtest;
    if (accuracy) {
      block.append(
        element(
          "p",
          "Erreur mesurée sur les " + accuracy.months + " derniers mois connus : MASE " + figure(accuracy.model.mase) +
            " (référence naïve saisonnière : " + figure(accuracy.baseline.mase) + " ; au-dessous de 1, mieux qu'une prévision naïve), MAPE " +
            figure(accuracy.model.mape, " %") + ".",
          { class: "erreur-mesuree" },
        ),
      );
      block.append(element("p", accuracy.method, { class: "indice" }));
    }
    if (drawn) block.append(chartFigure(drawn, "Ses valeurs sont dans le tableau qui suit."));
    block.append(scrollable(forecastTable(forecast)));
    if (forecast.method) block.append(element("p", forecast.method, { class: "indice" }));
    if (forecast.computed_at) block.append(element("p", "Calculée le " + formatDate(forecast.computed_at) + ".", { class: "indice" }));
  }
  if (forecast.history.length) {
    const details = element("details");
    details.append(element("summary", "Historique de la série (" + forecast.history.length + " mois)"));
    details.append(scrollable(historyTable(forecast)));
    block.append(details);
  }
  return block;
}

export async function show(open, where) {
  open("previsions");
  const status = $("previsions-etat");
  const holder = $("previsions-liste");
  $("previsions-erreur").textContent = "";
  clear(holder);
  status.textContent = "Chargement des prévisions…";
  let answers;
  let drawings;
  try {
    const selection = await read(where.params);
    await fill("previsions", selection);
    const params = SERIES.map((series) => {
      const asked = new URLSearchParams({ series });
      if (selection.commune) asked.set("commune", selection.commune);
      return asked;
    });
    answers = await Promise.all(params.map((asked) => request("/v1/forecasts?" + asked.toString())));
    // A forecast's chart; without it, its table and its sentences still say everything.
    drawings = await Promise.all(
      answers.map((forecast, index) =>
        forecast.forecast
          ? chart("/v1/charts/forecasts/" + SERIES[index] + ".svg?" + params[index].toString()).catch(() => null)
          : null,
      ),
    );
  } catch (error) {
    status.textContent = "";
    report(error, $("previsions-erreur"));
    return;
  }
  answers.forEach((forecast, index) => holder.append(section(forecast, index, drawings[index])));
  const shown = answers.filter((forecast) => forecast.forecast).length;
  status.textContent =
    shown === 0
      ? "Aucune prévision à montrer pour l'instant : la raison est donnée pour chaque série."
      : shown + (shown > 1 ? " prévisions affichées." : " prévision affichée.");
}

export function bind(navigate) {
  $("previsions-selection").addEventListener("submit", (event) => {
    event.preventDefault();
    const selection = submitted("previsions");
    if (!selection) return;
    const hash = "#previsions?" + query(selection);
    if (window.location.hash === hash) navigate();
    else window.location.hash = hash;
  });
}
