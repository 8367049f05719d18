// Loading a file into the dataset shown (#jeux/<id>): sent as multipart/form-data, it
// becomes the new version (201), or it is refused (422) with its validation report, shown
// here as a table: row, column, rule and French message of each issue. Also the dataset's
// history of loads, and the report table that the quarantine screen reuses.
"use strict";

import { $, clear, clearFieldErrors, element, formatDate, showFieldError } from "./shared/dom.js";
import { call, problem, report, request } from "./shared/api.js";
import { code, number, plural, scrollable, table } from "./tables.js";

const STATUSES = { accepted: "Accepté", rejected: "Refusé", failed: "Échec de l'écriture" };

let dataset = null;
let onAccepted = async () => {};
let sending = false;

function path() {
  return "/v1/datasets/" + encodeURIComponent(dataset.id);
}

// Row and column of an issue, in words when the issue is about the whole file or column.
function where(issue) {
  const row = issue.row === null || issue.row === undefined ? null : issue.row;
  const column = issue.column || null;
  if (row === null && column === null) return ["Tout le fichier", "Aucune"];
  if (row === null) return ["Toute la colonne", column];
  return [number(row), column || "Toute la ligne"];
}

// The validation report: one row per issue, under a caption that names the file.
export function reportTable(filename, issues, truncated) {
  const count = plural(issues.length, "erreur", "erreurs");
  const caption =
    "Rapport de validation du fichier « " + filename + " » : " + (truncated ? "plus de " : "") + count;
  return scrollable(
    table(
      caption,
      [{ label: "Ligne" }, { label: "Colonne" }, { label: "Règle" }, { label: "Message" }],
      issues.map((issue) => {
        const [row, column] = where(issue);
        return [row, column, code(issue.rule), issue.message];
      }),
    ),
  );
}

function showReport(body) {
  const holder = $("chargement-rapport");
  clear(holder);
  const issues = body.issues || [];
  const load = body.load || {};
  const box = element("div", null, { class: "rapport" });
  box.append(element("h3", "Rapport de validation"));
  if (issues.length) box.append(reportTable(load.filename || "envoyé", issues, Boolean(body.truncated)));
  if (body.truncated) {
    box.append(element("p", "Le rapport s'arrête avant la dernière erreur : corrigez celles-ci puis renvoyez le fichier.", { class: "indice" }));
  }
  if (body.quarantine_id) {
    const line = element("p", "Le fichier est gardé en quarantaine avec ce rapport : ");
    line.append(element("a", "voir le fichier en quarantaine", { href: "#quarantaine/" + encodeURIComponent(body.quarantine_id) }));
    line.append(".");
    box.append(line);
  }
  holder.append(box);
}

async function submit(event) {
  event.preventDefault();
  if (sending || !dataset) return;
  const form = $("chargement-form");
  const input = $("chargement-fichier");
  const status = $("chargement-etat");
  const failure = $("chargement-erreur");
  clearFieldErrors(form);
  failure.textContent = "";
  status.textContent = "";
  clear($("chargement-rapport"));
  if (!input.files.length) {
    showFieldError(input, "Choisissez le fichier à charger.");
    input.focus();
    return;
  }
  const file = input.files[0];
  const button = $("chargement-envoyer");
  sending = true;
  button.setAttribute("aria-disabled", "true");
  status.textContent = "Envoi et validation du fichier « " + file.name + " » en cours…";
  try {
    const body = new FormData();
    body.append("file", file, file.name);
    const response = await call(path() + "/loads", { method: "POST", body });
    if (response.ok) {
      const load = await response.json();
      form.reset();
      status.textContent =
        "Fichier « " + load.filename + " » accepté : nouvelle version de " + plural(load.rows, "ligne", "lignes") + ".";
      await onAccepted(load);
      await loadHistory();
      return;
    }
    const refused = await problem(response);
    status.textContent = "";
    if (response.status === 413) showFieldError(input, refused.message);
    failure.textContent = refused.message;
    if (refused.body.issues) showReport(refused.body);
    await loadHistory();
  } catch (error) {
    status.textContent = "";
    report(error, failure);
  } finally {
    sending = false;
    button.removeAttribute("aria-disabled");
  }
}

function historyTable(loads) {
  return table(
    "Chargements de « " + dataset.title + " », le plus récent d'abord",
    [
      { label: "Date" },
      { label: "Fichier" },
      { label: "Statut" },
      { label: "Lignes", numeric: true },
      { label: "Erreurs", numeric: true },
      { label: "Quarantaine" },
    ],
    loads.map((load) => {
      const state = element("span", STATUSES[load.status] || load.status, {
        class: load.accepted ? "statut-accepte" : "statut-refuse",
      });
      const quarantine = load.quarantine_id
        ? element("a", "Voir le rapport", { href: "#quarantaine/" + encodeURIComponent(load.quarantine_id) })
        : "Aucune";
      return [formatDate(load.submitted_at), load.filename, state, number(load.rows), number(load.error_count), quarantine];
    }),
    { rowHeader: true },
  );
}

export async function loadHistory() {
  if (!dataset) return;
  const status = $("chargements-etat");
  const holder = $("chargements-tableau");
  try {
    const loads = await request(path() + "/loads");
    clear(holder);
    if (loads.length) holder.append(scrollable(historyTable(loads)));
    status.textContent = loads.length ? "" : "Aucun fichier chargé pour l'instant.";
  } catch (error) {
    clear(holder);
    report(error, status);
  }
}

// A new dataset shown (or none): the form emptied, shown for datasets loaded from files.
export function reset(shown) {
  dataset = shown;
  const form = $("chargement-form");
  form.reset();
  clearFieldErrors(form);
  $("chargement-etat").textContent = "";
  $("chargement-erreur").textContent = "";
  clear($("chargement-rapport"));
  clear($("chargements-tableau"));
  $("chargements-etat").textContent = "";
  $("chargement").hidden = !shown || shown.kind !== "table";
  $("chargements").hidden = !shown;
}

export function bind(accepted) {
  onAccepted = accepted;
  $("chargement-form").addEventListener("submit", submit);
}
