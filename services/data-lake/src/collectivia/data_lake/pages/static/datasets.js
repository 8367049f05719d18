// Datasets: the list (#jeux), one dataset (#jeux/<id>) with its description, its versions,
// a preview of its rows and the comparison of two versions; the upload form (loads.js).
"use strict";

import { $, clear, definition, element, formatDate } from "./shared/dom.js";
import { report, request } from "./shared/api.js";
import { code, columnsOf, number, plural, rowsTable, scrollable, table } from "./tables.js";
import * as loads from "./loads.js";

const ACCESS = { public: "Public (données ouvertes)", restricted: "Restreint", personal: "Données personnelles" };
const KINDS = { table: "Table", telemetry: "Télémesures", document: "Documents" };
const OPERATIONS = {
  load: "Chargement d'un fichier",
  append: "Ajout de lignes",
  overwrite: "Remplacement",
  erasure: "Effacement des données d'une personne",
  compaction: "Compactage",
  delete: "Suppression de lignes",
  replace: "Remplacement",
};
const PAGE_ROWS = 20;
const DIFF_ROWS = 50;

// The dataset shown, its versions (newest first), the rows' page shown.
let current = null;
let versions = [];
let rowsOffset = 0;
let rowsVersion = "";

function path(id) {
  return "/v1/datasets/" + encodeURIComponent(id);
}

function versionLabel(version) {
  return formatDate(version.committed_at) + " — " + plural(version.total_rows, "ligne", "lignes");
}

function versionById(id) {
  return versions.find((v) => v.snapshot_id === id) || null;
}

// --- the list --------------------------------------------------------------------------

function datasetsTable(list) {
  const rows = list.map((d) => [
    element("a", d.title, { href: "#jeux/" + encodeURIComponent(d.id) }),
    code(d.id),
    ACCESS[d.access_rights] || d.access_rights,
    d.schema_name || "Aucun",
    d.latest_snapshot_id ? number(d.row_count) : "Aucune version",
    formatDate(d.updated_at),
  ]);
  return table(
    "Jeux de données (" + number(list.length) + ")",
    [
      { label: "Titre" },
      { label: "Identifiant" },
      { label: "Accès" },
      { label: "Schéma" },
      { label: "Lignes", numeric: true },
      { label: "Mis à jour le" },
    ],
    rows,
    { rowHeader: true },
  );
}

async function loadList() {
  const status = $("jeux-etat");
  const holder = $("jeux-tableau");
  status.textContent = "Chargement de la liste…";
  try {
    const list = await request("/v1/datasets");
    clear(holder);
    if (list.length) holder.append(scrollable(datasetsTable(list)));
    status.textContent = list.length
      ? plural(list.length, "jeu de données", "jeux de données") + "."
      : "Aucun jeu de données déclaré pour l'instant.";
  } catch (error) {
    clear(holder);
    report(error, status);
  }
}

export async function showList(open) {
  open("jeux");
  await loadList();
}

// --- one dataset -------------------------------------------------------------------------

// A term and its description, unless there is nothing to say.
function info(list, term, content) {
  if (content === null || content === undefined || content === "") return;
  definition(list, term, content);
}

function showInfos(d) {
  const list = $("jeu-infos");
  clear(list);
  info(list, "Identifiant", code(d.id));
  info(list, "Description", d.description);
  info(list, "Type", KINDS[d.kind] || d.kind);
  info(list, "Accès", ACCESS[d.access_rights] || d.access_rights);
  info(
    list,
    "Schéma",
    d.schema_name ? d.schema_name + (d.schema_version ? " (version " + d.schema_version + ")" : "") : "Aucun schéma déclaré",
  );
  info(list, "Service propriétaire", d.owner_department);
  info(list, "Administrateur des données", d.steward);
  info(list, "Producteur", d.provider);
  if (d.contract_id) {
    info(list, "Contrat de DSP", element("a", d.contract_id, { href: "#contrats/" + encodeURIComponent(d.contract_id) }));
  }
  if (d.key_columns.length) info(list, "Colonnes clés", d.key_columns.join(", "));
  info(list, "Lignes (dernière version)", d.latest_snapshot_id ? number(d.row_count) : "Aucune version");
  info(list, "Mis à jour le", formatDate(d.updated_at));
}

function versionsTable() {
  const rows = versions.map((v, index) => [
    formatDate(v.committed_at) + (index === 0 ? " (dernière)" : ""),
    code(v.snapshot_id),
    OPERATIONS[v.operation] || v.operation,
    number(v.rows_added),
    number(v.rows_removed),
    number(v.total_rows),
  ]);
  return table(
    "Versions de « " + current.title + " », la plus récente d'abord",
    [
      { label: "Date" },
      { label: "Identifiant de version" },
      { label: "Opération" },
      { label: "Lignes ajoutées", numeric: true },
      { label: "Lignes retirées", numeric: true },
      { label: "Lignes en tout", numeric: true },
    ],
    rows,
    { rowHeader: true },
  );
}

function fillChoices(select, chosen) {
  clear(select);
  for (const v of versions) {
    const option = element("option", versionLabel(v), { value: v.snapshot_id });
    if (v.snapshot_id === chosen) option.selected = true;
    select.append(option);
  }
}

async function loadVersions() {
  const status = $("versions-etat");
  const holder = $("versions-tableau");
  status.textContent = "Chargement des versions…";
  try {
    versions = await request(path(current.id) + "/versions");
  } catch (error) {
    versions = [];
    clear(holder);
    report(error, status);
    return;
  }
  clear(holder);
  $("lignes").hidden = versions.length === 0;
  $("comparaison").hidden = versions.length < 2;
  if (!versions.length) {
    status.textContent = "Aucune version : rien n'a encore été chargé dans ce jeu de données.";
    return;
  }
  status.textContent = plural(versions.length, "version", "versions") + ".";
  holder.append(scrollable(versionsTable()));
  fillChoices($("lignes-version"), versions[0].snapshot_id);
  fillChoices($("comparaison-depart"), (versions[1] || versions[0]).snapshot_id);
  fillChoices($("comparaison-arrivee"), versions[0].snapshot_id);
  clear($("comparaison-resultat"));
  $("comparaison-etat").textContent = "";
  await loadRows(versions[0].snapshot_id, 0);
}

async function loadRows(version, offset) {
  const status = $("lignes-etat");
  const holder = $("lignes-tableau");
  $("lignes-erreur").textContent = "";
  status.textContent = "Chargement des lignes…";
  try {
    const query = new URLSearchParams({ version, offset: String(offset), limit: String(PAGE_ROWS) });
    const data = await request(path(current.id) + "/rows?" + query.toString());
    rowsOffset = offset;
    rowsVersion = version;
    clear(holder);
    const shown = versionById(version);
    const when = shown ? " — version du " + formatDate(shown.committed_at) : "";
    const range = data.rows.length
      ? "Lignes " + number(offset + 1) + " à " + number(offset + data.rows.length) + " sur " + number(data.total)
      : "Aucune ligne";
    holder.append(rowsTable(range + when, data.columns, data.rows));
    status.textContent = range + ".";
    $("lignes-precedentes").hidden = offset === 0;
    $("lignes-suivantes").hidden = offset + data.rows.length >= data.total;
  } catch (error) {
    clear(holder);
    status.textContent = "";
    report(error, $("lignes-erreur"));
  }
}

function diffSection(container, title, rows) {
  if (!rows.length) return;
  container.append(scrollable(rowsTable(title, columnsOf(rows), rows)));
}

async function compare(event) {
  event.preventDefault();
  const before = $("comparaison-depart").value;
  const after = $("comparaison-arrivee").value;
  const status = $("comparaison-etat");
  const holder = $("comparaison-resultat");
  $("comparaison-erreur").textContent = "";
  clear(holder);
  if (before === after) {
    $("comparaison-erreur").textContent = "Choisissez deux versions différentes.";
    $("comparaison-depart").focus();
    return;
  }
  status.textContent = "Comparaison en cours…";
  try {
    const query = new URLSearchParams({ from: before, to: after, limit: String(DIFF_ROWS) });
    const diff = await request(path(current.id) + "/diff?" + query.toString());
    const summary =
      plural(diff.added, "ligne ajoutée", "lignes ajoutées") +
      ", " +
      plural(diff.removed, "ligne retirée", "lignes retirées") +
      ", " +
      plural(diff.changed, "ligne modifiée", "lignes modifiées") +
      ".";
    if (diff.key_columns.length) {
      holder.append(element("p", "Lignes rapprochées par leur clé : " + diff.key_columns.join(", ") + ".", { class: "indice" }));
    }
    diffSection(holder, "Lignes ajoutées (" + number(diff.added) + ")", diff.added_rows);
    diffSection(holder, "Lignes retirées (" + number(diff.removed) + ")", diff.removed_rows);
    diffSection(holder, "Lignes modifiées, dans la version d'arrivée (" + number(diff.changed) + ")", diff.changed_rows);
    if (diff.added + diff.removed + diff.changed > DIFF_ROWS) {
      holder.append(element("p", "Au plus " + DIFF_ROWS + " lignes de chaque sorte sont montrées.", { class: "indice" }));
    }
    status.textContent = summary;
  } catch (error) {
    status.textContent = "";
    report(error, $("comparaison-erreur"));
  }
}

export async function showDataset(open, id) {
  current = null;
  versions = [];
  clear($("jeu-infos"));
  clear($("versions-tableau"));
  clear($("lignes-tableau"));
  clear($("comparaison-resultat"));
  for (const node of ["versions-etat", "lignes-etat", "lignes-erreur", "comparaison-etat", "comparaison-erreur"]) {
    $(node).textContent = "";
  }
  $("versions").hidden = true;
  $("lignes").hidden = true;
  $("comparaison").hidden = true;
  loads.reset(null);
  try {
    current = await request(path(id));
  } catch (error) {
    open("jeu", "Jeu de données introuvable");
    report(error, $("jeu-etat"));
    return;
  }
  $("jeu-etat").textContent = "";
  open("jeu", current.title);
  showInfos(current);
  $("versions").hidden = false;
  loads.reset(current);
  await Promise.all([loadVersions(), loads.loadHistory()]);
}

// After an accepted load: the dataset and its versions again, the new one shown.
async function refresh() {
  if (!current) return;
  try {
    current = await request(path(current.id));
    showInfos(current);
  } catch (error) {
    report(error, $("jeu-etat"));
  }
  await loadVersions();
}

export function bind() {
  $("jeux-actualiser").addEventListener("click", loadList);
  $("lignes-form").addEventListener("submit", (event) => {
    event.preventDefault();
    loadRows($("lignes-version").value, 0);
  });
  $("lignes-precedentes").addEventListener("click", () => {
    loadRows(rowsVersion, Math.max(0, rowsOffset - PAGE_ROWS));
  });
  $("lignes-suivantes").addEventListener("click", () => {
    loadRows(rowsVersion, rowsOffset + PAGE_ROWS);
  });
  $("comparaison-form").addEventListener("submit", compare);
  loads.bind(refresh);
}
