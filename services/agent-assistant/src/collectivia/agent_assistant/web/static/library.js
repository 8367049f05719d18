// The shared prompt library: templates, most useful first; one template read, used in a
// task, rated and commented.
"use strict";

import { $, clear, clearFieldErrors, element, formatDate, showFieldError } from "./shared/dom.js";
import { call, problem, report, request } from "./api.js";
import * as drafts from "./drafts.js";

const KINDS = {
  draft: "Rédaction",
  summarize: "Résumé",
  "plain-language": "Langage clair (FALC)",
  classify: "Classement",
  free: "Libre",
};
// The task screen where a template of each kind is used.
const TASKS = { draft: "redaction", summarize: "resume", "plain-language": "clair", free: "redaction" };

function rating(summary) {
  if (!summary.count) return "pas encore noté";
  const mean = summary.mean.toLocaleString("fr-FR", { maximumFractionDigits: 1 });
  return "note moyenne " + mean + " sur 5 (" + summary.count + " note" + (summary.count > 1 ? "s" : "") + ")";
}

function facts(template) {
  const uses = template.uses + " utilisation" + (template.uses > 1 ? "s" : "");
  return [KINDS[template.kind] || template.kind, "service " + template.department, rating(template.ratings), uses].join(" · ");
}

async function showList(open) {
  open("modeles");
  await search();
}

async function search(event) {
  if (event) event.preventDefault();
  const params = searchParams();
  const status = $("modeles-etat");
  try {
    const found = await request("/v1/prompts/templates?" + params.toString());
    const list = $("modeles-liste");
    clear(list);
    for (const template of found) {
      const item = element("li");
      item.append(element("a", template.title, { href: "#modeles/" + encodeURIComponent(template.id) }));
      item.append(element("p", facts(template), { class: "indice" }));
      if (template.description) item.append(element("p", template.description));
      list.append(item);
    }
    status.textContent = found.length
      ? found.length + " modèle" + (found.length > 1 ? "s" : "") + ", les plus utiles d'abord."
      : "Aucun modèle ne correspond à cette recherche.";
  } catch (error) {
    report(error, status);
  }
}

async function loadRatings(id) {
  const list = $("modele-avis");
  const ratings = await request("/v1/prompts/templates/" + encodeURIComponent(id) + "/ratings");
  clear(list);
  for (const r of ratings) {
    const item = element("li");
    item.append(
      element("p", r.score + " sur 5 — service " + r.rater_department + ", version " + r.template_version + ", le " + formatDate(r.rated_at), {
        class: "indice",
      }),
    );
    if (r.comment) item.append(element("p", r.comment));
    list.append(item);
  }
  if (!ratings.length) list.append(element("li", "Aucun retour pour l'instant."));
}

function describe(template) {
  const infos = $("modele-infos");
  clear(infos);
  const add = (term, value) => {
    if (value) infos.append(element("dt", term), element("dd", value));
  };
  add("Description", template.description);
  add("Type", KINDS[template.kind] || template.kind);
  add("Service", template.department);
  add("Version", String(template.version) + ", mise à jour le " + formatDate(template.updated_at));
  add("Étiquettes", template.tags.join(", "));
  add("Appréciation", rating(template.ratings));
  add("Utilisations", String(template.uses));
}

async function showTemplate(open, id) {
  let template;
  try {
    template = await request("/v1/prompts/templates/" + encodeURIComponent(id));
  } catch (error) {
    open("modele", "Modèle introuvable");
    report(error, $("modele-note-etat"));
    return;
  }
  open("modele", template.title);
  describe(template);
  $("modele-texte").textContent = template.text;
  const variables = $("modele-variables");
  clear(variables);
  for (const spec of template.variable_specs) {
    variables.append(element("li", spec.label + (spec.description ? " : " + spec.description : "")));
  }
  if (!template.variable_specs.length) variables.append(element("li", "Aucun : le modèle s'utilise tel quel."));
  const use = $("modele-utiliser");
  const task = TASKS[template.kind];
  use.hidden = !task;
  if (task) use.setAttribute("href", "#taches/" + task + "?modele=" + encodeURIComponent(template.id));
  const form = $("modele-note");
  form.reset();
  clearFieldErrors(form);
  form.dataset.modele = template.id;
  form.dataset.version = String(template.version);
  drafts.keep($("modele-note-commentaire"), "note:" + template.id);
  $("modele-note-etat").textContent = "";
  try {
    await loadRatings(template.id);
  } catch (error) {
    report(error, $("modele-note-etat"));
  }
}

// The submit handler of a rating form (fields "<prefix>-1..5", "<prefix>-commentaire").
export function rateForm(form, prefix, after) {
  return async (event) => {
    event.preventDefault();
    clearFieldErrors(form);
    const status = $(prefix + "-etat");
    status.textContent = "";
    const score = form.querySelector("input[name=score]:checked");
    if (!score) {
      $(prefix + "-score-erreur").textContent = "Choisissez une note de 1 à 5.";
      $(prefix + "-1").focus();
      return;
    }
    const comment = $(prefix + "-commentaire");
    try {
      await request("/v1/prompts/templates/" + encodeURIComponent(form.dataset.modele) + "/ratings", {
        method: "POST",
        json: { score: Number(score.value), comment: comment.value, version: Number(form.dataset.version) || null },
      });
      drafts.forget(comment.dataset.brouillon || "");
      form.reset();
      status.textContent = "Merci, votre note a été enregistrée.";
      if (after) await after(form.dataset.modele);
    } catch (error) {
      if (error.fields && error.fields.comment) showFieldError(comment, error.fields.comment);
      report(error, status);
    }
  };
}

function searchParams() {
  const params = new URLSearchParams();
  const text = $("modeles-texte").value.trim();
  const kind = $("modeles-type").value;
  if (text) params.set("q", text);
  if (kind) params.set("kind", kind);
  return params;
}

// The file comes with the agent's token: fetched, then saved through a temporary link.
async function exportTemplates() {
  const status = $("modeles-echange-etat");
  status.textContent = "";
  try {
    const response = await call("/v1/prompts/export?" + searchParams().toString());
    if (!response.ok) throw await problem(response);
    const disposition = response.headers.get("Content-Disposition") || "";
    const name = (/filename="([^"]+)"/.exec(disposition) || [null, "modeles.json"])[1];
    const url = URL.createObjectURL(await response.blob());
    const link = element("a", null, { href: url, download: name });
    document.body.append(link);
    link.click();
    link.remove();
    URL.revokeObjectURL(url);
    status.textContent = "Fichier « " + name + " » enregistré dans vos téléchargements.";
  } catch (error) {
    report(error, status);
  }
}

async function importTemplates(event) {
  event.preventDefault();
  const form = event.target;
  clearFieldErrors(form);
  const status = $("modeles-echange-etat");
  status.textContent = "";
  const field = $("modeles-fichier");
  const file = field.files[0];
  if (!file) {
    showFieldError(field, "Choisissez le fichier de modèles à importer.");
    field.focus();
    return;
  }
  try {
    const done = await request("/v1/prompts/import?filename=" + encodeURIComponent(file.name), {
      method: "POST",
      body: file,
      contentType: "application/json",
    });
    status.textContent = done.message;
    await search();
  } catch (error) {
    const details = Object.values(error.fields || {});
    showFieldError(field, details.length ? details.join(" ; ") : error.message);
    report(error, status);
    field.focus();
  }
}

export async function show(open, id) {
  if (id) await showTemplate(open, id);
  else await showList(open);
}

export function bind() {
  $("modeles-recherche").addEventListener("submit", search);
  $("modeles-exporter").addEventListener("click", exportTemplates);
  $("modeles-import").addEventListener("submit", importTemplates);
  $("modele-note").addEventListener(
    "submit",
    rateForm($("modele-note"), "modele-note", async (id) => {
      const template = await request("/v1/prompts/templates/" + encodeURIComponent(id));
      describe(template);
      await loadRatings(id);
    }),
  );
}
