// One indicator (#indicateur/<name>?commune=…&du=…&au=…&par=month): its definition, its
// values by month or by another dimension as a chart (drawn by the service, an SVG image),
// the sentence that sums the chart up (the chart's own description) and the table of its
// values, with its exports (CSV of the values, SVG of the chart). A suppressed group is
// neither drawn nor listed: the sentence says how many there are.
"use strict";

import { $, clear, definition, element } from "./shared/dom.js";
import { report, request } from "./shared/api.js";
import { chart } from "./charts.js";
import { groupLabel, measure, periodLabel, scrollable, table } from "./tables.js";
import { apiQuery, fill, query, read, selected, submitted } from "./selection.js";
import { declarations, scopeLabel } from "./dashboard.js";

let shownName = "";
let shownBy = "month";
// Each display's number: an answer that arrives after a newer display started is dropped.
let generation = 0;

function hideDetail() {
  $("indicateur-detail").hidden = true;
  $("indicateur-graphique").hidden = true;
  $("indicateur-graphique").removeAttribute("src");
  $("indicateur-resume").textContent = "";
  clear($("indicateur-tableau"));
}

function infos(kpi) {
  const list = $("indicateur-infos");
  clear(list);
  definition(list, "Unité", kpi.unit === "%" ? "pourcentage (%)" : measure(1, kpi.unit).replace(/^1\u00a0/, ""));
  definition(list, "Périmètre", kpi.per_commune ? "Par commune" : "Toute la collectivité : ces faits n'ont pas de commune");
  definition(list, "Service responsable", kpi.owner);
  definition(list, "Sources", kpi.sources.join(", "));
  definition(
    list,
    "Secret statistique",
    kpi.min_group_size > 1
      ? "Un groupe de moins de " + kpi.min_group_size + " n'est pas montré."
      : "Aucun seuil : ces faits ne concernent pas des personnes.",
  );
}

// The dimensions the person may break the indicator down by (not the commune: the
// selection chooses it), as radio buttons.
function choices(kpi, by) {
  const holder = $("indicateur-choix");
  if (holder.dataset.kpi === kpi.name) {
    // Already there (the person is choosing one): only the choice changes, the focus stays.
    for (const input of holder.querySelectorAll("input")) input.checked = input.value === by;
    return;
  }
  holder.dataset.kpi = kpi.name;
  clear(holder);
  for (const dimension of kpi.dimensions.filter((d) => d.name !== "commune")) {
    const id = "indicateur-par-" + dimension.name;
    const box = element("div", null, { class: "choix" });
    const input = element("input", null, { type: "radio", name: "par", id, value: dimension.name });
    input.checked = dimension.name === by;
    box.append(input, element("label", "Par " + dimension.label.charAt(0).toLowerCase() + dimension.label.slice(1), { for: id }));
    holder.append(box);
  }
}

function valuesTable(kpi, answer, by, caption) {
  const shown = answer.cells.filter((cell) => !cell.suppressed && cell.value !== null);
  // Months in their order; other groups the largest first, as the chart draws them.
  if (by === "month") shown.sort((a, b) => (a.dimensions.month < b.dimensions.month ? -1 : 1));
  else shown.sort((a, b) => b.value - a.value);
  const dimension = kpi.dimensions.find((d) => d.name === by);
  return table(
    caption,
    [{ label: dimension ? dimension.label : "Groupe" }, { label: "Valeur", numeric: true }],
    shown.map((cell) => [groupLabel(by, cell.dimensions[by]), measure(cell.value, kpi.unit)]),
    { rowHeader: true },
  );
}

export async function show(open, where) {
  generation += 1;
  const mine = generation;
  hideDetail();
  $("indicateur-erreur").textContent = "";
  $("indicateur-telechargement").textContent = "";
  $("indicateur-telechargement-erreur").textContent = "";
  const status = $("indicateur-etat");
  let kpi;
  try {
    kpi = (await declarations())[where.id];
  } catch (error) {
    open("indicateur", "Indicateur");
    report(error, $("indicateur-erreur"));
    return;
  }
  if (!kpi) {
    open("indicateur", "Indicateur introuvable");
    clear($("indicateur-infos"));
    clear($("indicateur-choix"));
    delete $("indicateur-choix").dataset.kpi;
    $("indicateur-definition").textContent = "";
    $("indicateur-repartition").hidden = true;
    status.textContent = "";
    $("indicateur-erreur").textContent = "Aucun indicateur « " + where.id + " ». Revenez au tableau de bord pour choisir un indicateur.";
    return;
  }
  open("indicateur", kpi.label);
  $("indicateur-repartition").hidden = false;
  const selection = await read(where.params);
  await fill("indicateur", selection);
  const dimensions = kpi.dimensions.map((d) => d.name);
  const by = dimensions.includes(where.params.get("par")) && where.params.get("par") !== "commune" ? where.params.get("par") : "month";
  shownName = kpi.name;
  shownBy = by;
  $("indicateur-definition").textContent = kpi.definition;
  $("indicateur-retour").href = "#tableau?" + query(selection);
  infos(kpi);
  choices(kpi, by);
  const api = apiQuery(selection, kpi.per_commune, { group_by: by });
  const name = encodeURIComponent(kpi.name);
  status.textContent = "Chargement des valeurs…";
  let answer;
  let drawn;
  try {
    [answer, drawn] = await Promise.all([request("/v1/kpis/" + name + "?" + api), chart("/v1/charts/" + name + ".svg?" + api)]);
  } catch (error) {
    if (mine !== generation) return;
    status.textContent = "";
    report(error, $("indicateur-erreur"));
    return;
  }
  if (mine !== generation) return;
  const dimension = kpi.dimensions.find((d) => d.name === by);
  const title =
    drawn.title ||
    kpi.label + " par " + dimension.label.toLowerCase() + " — " + scopeLabel(kpi, selection) + ", " + periodLabel(selection.du, selection.au);
  $("titre-detail").textContent = "Par " + dimension.label.charAt(0).toLowerCase() + dimension.label.slice(1);
  const image = $("indicateur-graphique");
  image.src = drawn.source;
  image.alt = "Graphique en barres : " + title + ". Ses valeurs sont dans le tableau qui suit.";
  image.hidden = false;
  $("indicateur-resume").textContent = drawn.summary;
  $("indicateur-tableau").append(scrollable(valuesTable(kpi, answer, by, title)));
  $("indicateur-csv").href = "/v1/kpis/" + name + ".csv?" + api;
  $("indicateur-svg").href = "/v1/charts/" + name + ".svg?" + api;
  $("indicateur-detail").hidden = false;
  const count = answer.cells.filter((cell) => !cell.suppressed).length;
  status.textContent = count
    ? count + (count > 1 ? " valeurs affichées." : " valeur affichée.")
    : "Aucune valeur à montrer sur la période.";
}

function go(navigate, selection, by) {
  const hash = "#indicateur/" + encodeURIComponent(shownName) + "?" + query(selection, { par: by });
  if (window.location.hash === hash) navigate();
  else window.location.hash = hash;
}

export function bind(navigate) {
  $("indicateur-selection").addEventListener("submit", (event) => {
    event.preventDefault();
    const selection = submitted("indicateur");
    if (selection) go(navigate, selection, shownBy);
  });
  $("indicateur-choix").addEventListener("change", (event) => {
    if (event.target.name !== "par") return;
    // The focus stays on the radio button: the person is choosing.
    const selection = selected();
    if (!selection) return;
    shownBy = event.target.value;
    const hash = "#indicateur/" + encodeURIComponent(shownName) + "?" + query(selection, { par: shownBy });
    window.history.replaceState(null, "", hash);
    show(() => {}, { id: shownName, params: new URLSearchParams(query(selection, { par: shownBy })) });
  });
}
