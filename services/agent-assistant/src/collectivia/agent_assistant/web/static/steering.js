// Steering, for managers: usage per department and month (groups under the minimum size
// are suppressed by the service), experiments and their reports.
"use strict";

import { $, clear, element, formatDay } from "./shared/dom.js";
import { report, request } from "./api.js";

const TASKS = { summarize: "Résumé", "plain-language": "Langage clair", draft: "Rédaction", classify: "Classement" };

// "2026-03" -> "mars 2026".
function month(value) {
  const date = new Date(value + "-15T12:00:00");
  return Number.isNaN(date.getTime()) ? value : date.toLocaleDateString("fr-FR", { month: "long", year: "numeric" });
}

function percent(share) {
  return Math.round(share * 100) + " %";
}

function statisticsTable(data) {
  const table = element("table");
  table.append(element("caption", "Utilisation de l'assistant par service et par mois"));
  const head = element("tr");
  for (const title of ["Service", "Mois", "Tâches", "Agents", "Par un modèle génératif", "Minutes gagnées (déclarées)", "Durée moyenne"]) {
    head.append(element("th", title, { scope: "col" }));
  }
  const thead = element("thead");
  thead.append(head);
  table.append(thead);
  const body = element("tbody");
  for (const row of data.rows) {
    const line = element("tr");
    line.append(element("th", row.department, { scope: "row" }), element("td", month(row.month)));
    if (row.suppressed || !row.figures) {
      line.append(element("td", row.explanation || "Masqué : trop peu d'agents.", { colspan: "5" }));
    } else {
      const f = row.figures;
      line.append(
        element("td", String(f.tasks)),
        element("td", String(f.agents)),
        element("td", percent(f.generative_share)),
        element("td", String(f.minutes_saved)),
        element("td", (f.mean_latency_ms / 1000).toLocaleString("fr-FR", { maximumFractionDigits: 1 }) + " s"),
      );
    }
    body.append(line);
  }
  table.append(body);
  return table;
}

async function loadStatistics() {
  const status = $("statistiques-etat");
  const holder = $("statistiques");
  try {
    const data = await request("/v1/statistics/usage");
    clear(holder);
    $("statistiques-methode").textContent = data.method;
    if (data.rows.length) holder.append(statisticsTable(data));
    status.textContent = data.rows.length ? "" : "Pas encore d'utilisation enregistrée.";
  } catch (error) {
    report(error, status);
  }
}

function renderReport(data) {
  const holder = $("experience-bilan");
  clear(holder);
  const box = element("article", null, { class: "resultat", "aria-labelledby": "titre-bilan" });
  box.append(element("h3", "Bilan : " + data.experiment.title, { id: "titre-bilan" }));
  const list = element("dl", null, { class: "infos" });
  const add = (term, value) => list.append(element("dt", term), element("dd", value));
  add("Utilisations", String(data.uses));
  add("Participants", String(data.participants));
  add("Note moyenne", data.rating_mean === null ? "pas encore de note" : data.rating_mean.toLocaleString("fr-FR", { maximumFractionDigits: 1 }) + " sur 5");
  add("Temps gagné déclaré", data.minutes_saved_total + " minutes");
  box.append(list);
  if (data.notice) box.append(element("p", data.notice, { class: "indice" }));
  if (data.comments.length) {
    box.append(element("h4", "Commentaires"));
    const comments = element("ul");
    for (const c of data.comments) comments.append(element("li", c.rating + " sur 5 : " + c.comment));
    box.append(comments);
  }
  holder.append(box);
}

async function loadExperiments() {
  const status = $("experiences-etat");
  const list = $("experiences-liste");
  try {
    const items = await request("/v1/experiments");
    clear(list);
    for (const item of items) {
      const entry = element("li");
      entry.append(element("h3", item.title));
      entry.append(
        element(
          "p",
          (TASKS[item.task] || item.task) + " · " + item.status_label + " · du " + formatDay(item.starts_on) + " au " + formatDay(item.ends_on) + " · service " + item.department,
          { class: "indice" },
        ),
      );
      const button = element("button", "Voir le bilan", { type: "button", class: "secondaire" });
      button.addEventListener("click", async () => {
        try {
          renderReport(await request("/v1/experiments/" + encodeURIComponent(item.id) + "/report"));
        } catch (error) {
          report(error, status);
        }
      });
      entry.append(button);
      list.append(entry);
    }
    status.textContent = items.length ? "" : "Aucune expérimentation visible par votre service.";
  } catch (error) {
    report(error, status);
  }
}

export async function show(open) {
  open("pilotage");
  await Promise.all([loadStatistics(), loadExperiments()]);
}

export function bind() {}
