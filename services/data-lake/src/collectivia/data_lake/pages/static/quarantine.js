// The quarantine: refused files (#quarantaine), one of them with its validation report
// (#quarantaine/<id>), to download as it was sent or to discard.
"use strict";

import { $, announce, clear, definition, element, formatDate } from "./shared/dom.js";
import { call, problem, report, request } from "./shared/api.js";
import { code, number, plural, scrollable, table } from "./tables.js";
import { reportTable } from "./loads.js";

const STATUSES = {
  pending: "En attente de correction",
  replaced: "Remplacé par un fichier corrigé",
  discarded: "Écarté",
};

let entry = null;

function path(id) {
  return "/v1/quarantine/" + encodeURIComponent(id);
}

function size(bytes) {
  for (const [unit, factor] of [["Go", 1e9], ["Mo", 1e6], ["Ko", 1e3]]) {
    if (bytes >= factor) return (bytes / factor).toLocaleString("fr-FR", { maximumFractionDigits: 1 }) + " " + unit;
  }
  return plural(bytes, "octet", "octets");
}

function datasetLink(id) {
  return element("a", id, { href: "#jeux/" + encodeURIComponent(id) });
}

// --- the list --------------------------------------------------------------------------

function entriesTable(entries) {
  return table(
    "Fichiers en quarantaine (" + number(entries.length) + ")",
    [
      { label: "Fichier" },
      { label: "Jeu de données" },
      { label: "Erreurs", numeric: true },
      { label: "Statut" },
      { label: "Reçu le" },
    ],
    entries.map((e) => [
      element("a", e.filename, { href: "#quarantaine/" + encodeURIComponent(e.id) }),
      datasetLink(e.dataset_id),
      (e.truncated ? "plus de " : "") + number(e.error_count),
      STATUSES[e.status] || e.status,
      formatDate(e.created_at),
    ]),
    { rowHeader: true },
  );
}

async function loadList() {
  const status = $("quarantaine-etat");
  const holder = $("quarantaine-tableau");
  const chosen = $("quarantaine-statut").value;
  status.textContent = "Chargement de la liste…";
  try {
    const entries = await request("/v1/quarantine" + (chosen ? "?status=" + encodeURIComponent(chosen) : ""));
    clear(holder);
    if (entries.length) holder.append(scrollable(entriesTable(entries)));
    status.textContent = entries.length
      ? plural(entries.length, "fichier", "fichiers") + "."
      : "Aucun fichier en quarantaine dans cette liste.";
  } catch (error) {
    clear(holder);
    report(error, status);
  }
}

export async function showList(open) {
  open("quarantaine");
  await loadList();
}

// --- one entry ---------------------------------------------------------------------------

function showEntry(detail) {
  entry = detail;
  const list = $("quarantaine-infos");
  clear(list);
  definition(list, "Fichier", detail.filename);
  definition(list, "Jeu de données", datasetLink(detail.dataset_id));
  definition(list, "Schéma", detail.schema_name || "Aucun");
  definition(list, "Statut", STATUSES[detail.status] || detail.status);
  definition(list, "Taille", size(detail.size_bytes));
  definition(list, "Lignes du fichier", number(detail.row_count));
  definition(list, "Erreurs", (detail.truncated ? "plus de " : "") + number(detail.error_count));
  definition(list, "Reçu le", formatDate(detail.created_at));
  if (detail.closed_at) definition(list, "Clos le", formatDate(detail.closed_at));
  if (detail.contract_id) {
    definition(list, "Contrat de DSP", element("a", detail.contract_id, { href: "#contrats/" + encodeURIComponent(detail.contract_id) }));
  }
  definition(list, "Empreinte SHA-256", code(detail.sha256));
  if (!detail.file_kept) definition(list, "Fichier conservé", "Non : seul son rapport reste consultable");
  $("quarantaine-telecharger").hidden = !detail.file_kept;
  $("quarantaine-ecarter").hidden = detail.status !== "pending";
  $("quarantaine-confirmation").hidden = true;
  const holder = $("quarantaine-rapport");
  clear(holder);
  if (detail.issues.length) holder.append(reportTable(detail.filename, detail.issues, detail.truncated));
  else holder.append(element("p", "Le rapport ne liste aucune erreur."));
}

export async function showEntryScreen(open, id) {
  entry = null;
  clear($("quarantaine-infos"));
  clear($("quarantaine-rapport"));
  $("quarantaine-fichier-erreur").textContent = "";
  $("quarantaine-fichier-etat").textContent = "";
  $("quarantaine-telecharger").hidden = true;
  $("quarantaine-ecarter").hidden = true;
  $("quarantaine-confirmation").hidden = true;
  let detail;
  try {
    detail = await request(path(id));
  } catch (error) {
    open("quarantaine-fichier", "Fichier en quarantaine introuvable");
    report(error, $("quarantaine-fichier-erreur"));
    return;
  }
  open("quarantaine-fichier", "Fichier en quarantaine : " + detail.filename);
  showEntry(detail);
}

async function download() {
  if (!entry) return;
  const failure = $("quarantaine-fichier-erreur");
  failure.textContent = "";
  try {
    const response = await call(path(entry.id) + "/file", { accept: "application/octet-stream" });
    if (!response.ok) throw await problem(response);
    const url = URL.createObjectURL(await response.blob());
    const link = element("a", null, { href: url, download: entry.filename });
    document.body.append(link);
    link.click();
    link.remove();
    window.setTimeout(() => URL.revokeObjectURL(url), 10000);
    announce("Téléchargement du fichier « " + entry.filename + " » lancé.");
  } catch (error) {
    report(error, failure);
  }
}

async function discard(event) {
  event.preventDefault();
  if (!entry) return;
  const failure = $("quarantaine-fichier-erreur");
  failure.textContent = "";
  try {
    const detail = await request(path(entry.id) + "/discard", { method: "POST" });
    showEntry(detail);
    $("quarantaine-fichier-etat").textContent = "Le fichier « " + detail.filename + " » a été écarté ; son rapport reste consultable.";
    $("titre-quarantaine-fichier").focus();
  } catch (error) {
    $("quarantaine-confirmation").hidden = true;
    report(error, failure);
  }
}

export function bind() {
  $("quarantaine-filtre").addEventListener("submit", (event) => {
    event.preventDefault();
    loadList();
  });
  $("quarantaine-telecharger").addEventListener("click", download);
  $("quarantaine-ecarter").addEventListener("click", () => {
    $("quarantaine-confirmation").hidden = false;
    $("titre-ecarter").focus();
  });
  $("quarantaine-annuler").addEventListener("click", () => {
    $("quarantaine-confirmation").hidden = true;
    $("quarantaine-ecarter").focus();
  });
  $("quarantaine-confirmation").addEventListener("submit", discard);
}
