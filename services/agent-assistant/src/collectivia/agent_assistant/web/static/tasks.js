// Tasks: summarise a document, rewrite in plain language, draft from a template, classify
// a request. The output streams into a hidden area; the whole result goes into the live
// region once complete, so that it is announced once. Nothing typed is lost on an error.
"use strict";

import { $, clear, clearFieldErrors, element, paragraphs, safeUrl, showFieldError } from "./shared/dom.js";
import { Problem, call, problem, readEvents, report, request } from "./api.js";
import * as drafts from "./drafts.js";
import * as templates from "./templates.js";
import { rateForm } from "./library.js";

const NAMES = ["resume", "clair", "redaction", "classement"];
const FIELDS = {
  resume: { file: "resume-fichier", text: "resume-texte", max_words: "resume-mots", template_id: "resume-modele" },
  clair: { text: "clair-texte", template_id: "clair-modele", "template.template_id": "clair-modele" },
  redaction: { template_id: "redaction-modele" },
  classement: { text: "classement-texte", commune: "classement-commune" },
};
const MAX_BYTES = Number(document.body.dataset.tailleMax || 0);

let running = false;

function megabytes(bytes) {
  return (bytes / (1024 * 1024)).toLocaleString("fr-FR", { maximumFractionDigits: 1 }) + " Mo";
}

function fieldFor(name, key) {
  const match = /^(?:template\.)?variables\.(.+)$/.exec(key);
  if (match) return $(name + "-var-" + match[1]);
  return FIELDS[name][key] ? $(FIELDS[name][key]) : null;
}

// A variable's message names it by its label, as the form does, not by its code name.
function labelled(field, message) {
  const variable = field.dataset.variable;
  const label = field.labels && field.labels[0] ? field.labels[0].textContent : "";
  return variable && label ? message.split("« " + variable + " »").join("« " + label + " »") : message;
}

function showProblem(name, form, error) {
  let first = null;
  for (const [key, message] of Object.entries((error && error.fields) || {})) {
    const field = fieldFor(name, key);
    if (!field) continue;
    showFieldError(field, labelled(field, message));
    first = first || field;
  }
  report(error, $("tache-erreur"));
  if (first) first.focus();
}

function template(name) {
  const chosen = templates.current(name);
  return chosen ? { template_id: chosen.id, variables: templates.values(name) } : null;
}

function requestFor(name, form) {
  const publication = form.querySelector("[name=for_publication]");
  const forPublication = publication ? publication.checked : false;
  if (name === "resume") {
    const body = new FormData();
    const file = $("resume-fichier").files[0];
    if (file) {
      if (MAX_BYTES && file.size > MAX_BYTES) {
        throw new Problem("Le fichier est trop volumineux.", 413, {
          file: "« " + file.name + " » pèse " + megabytes(file.size) + " : la limite est de " + megabytes(MAX_BYTES) + ".",
        });
      }
      body.append("file", file, file.name);
    }
    body.append("text", $("resume-texte").value);
    body.append("max_words", $("resume-mots").value || "0");
    const chosen = template(name);
    if (chosen) {
      body.append("template_id", chosen.template_id);
      body.append("variables", JSON.stringify(chosen.variables));
    }
    body.append("for_publication", String(forPublication));
    return { path: "/v1/tasks/summaries", options: { method: "POST", body }, stream: true };
  }
  if (name === "clair") {
    const json = { text: $("clair-texte").value, template: template(name), for_publication: forPublication };
    return { path: "/v1/tasks/plain-language", options: { method: "POST", json }, stream: true };
  }
  if (name === "redaction") {
    const chosen = template(name) || { template_id: $("redaction-modele").value, variables: {} };
    const json = { ...chosen, for_publication: forPublication };
    return { path: "/v1/tasks/drafts", options: { method: "POST", json }, stream: true };
  }
  const json = { text: $("classement-texte").value, commune: $("classement-commune").value.trim() };
  return { path: "/v1/tasks/classifications", options: { method: "POST", json }, stream: false };
}

function definition(list, term, value) {
  if (value === undefined || value === null || value === "") return;
  list.append(element("dt", term), element("dd", String(value)));
}

function details(name, result, box) {
  if (name === "resume" && result.citations.length) {
    box.append(element("h4", "Paragraphes cités"));
    const list = element("ul");
    for (const c of result.citations) list.append(element("li", "§" + c.paragraph + " : " + c.excerpt));
    box.append(list);
  }
  if (name === "clair") {
    if (result.replacements.length) {
      box.append(element("h4", "Mots remplacés"));
      const list = element("ul");
      for (const r of result.replacements) list.append(element("li", "« " + r.original + " » → « " + r.replacement + " »"));
      box.append(list);
    }
    if (result.flags.length) {
      box.append(element("h4", "Points à revoir"));
      const list = element("ul");
      for (const f of result.flags) list.append(element("li", "« " + f.term + " » : " + f.advice));
      box.append(list);
    }
    if (result.limits && !result.production.notice.includes(result.limits)) {
      box.append(element("p", result.limits, { class: "indice" }));
    }
  }
  if (name === "classement") {
    const list = element("dl", null, { class: "infos" });
    definition(list, "Thème", result.theme || "non reconnu : orientez la demande vous-même");
    definition(list, "Service", result.department);
    definition(list, "Confiance", Math.round(result.confidence * 100) + " %");
    definition(list, "Mots-clés", result.keywords.join(", "));
    definition(
      list,
      "Autres thèmes possibles",
      result.alternatives.map((a) => a.theme + " (" + Math.round(a.score * 100) + " %)").join(", "),
    );
    box.append(list);
    if (result.notice) box.append(element("p", result.notice, { class: "indice" }));
  }
}

// The text without the AI marking that ends it (the page shows the marking on its own).
function withoutMarking(result) {
  const end = "\n\n" + result.marking;
  return result.marked && result.text.endsWith(end) ? result.text.slice(0, -end.length) : result.text;
}

function renderResult(name, result) {
  const box = element("article", null, { class: "resultat", "aria-labelledby": "titre-resultat" });
  const title = name === "redaction" && result.title ? "Brouillon : " + result.title : "Résultat";
  box.append(element("h3", title, { id: "titre-resultat" }));
  if (result.marked && result.marking) box.append(element("p", result.marking, { class: "marquage" }));
  if (name !== "classement") box.append(paragraphs(withoutMarking(result), element("div", null, { class: "texte-produit" })));
  details(name, result, box);
  const production = element("p", result.production.notice + " ", { class: "indice" });
  const register = safeUrl(result.production.register_url);
  if (register) production.append(element("a", "Fiche de l'assistant dans le registre des algorithmes", { href: register }));
  box.append(production);
  return box;
}

function editorialReview(result) {
  const holder = $("tache-relecture");
  clear(holder);
  holder.hidden = !(result.for_publication && result.marked);
  if (holder.hidden) return;
  const form = element("form", null, { novalidate: "", "aria-labelledby": "titre-relecture" });
  form.append(element("h2", "Relecture éditoriale avant publication", { id: "titre-relecture" }));
  form.append(
    element(
      "p",
      "Relu et corrigé sous votre responsabilité éditoriale, le texte peut être publié sans la mention « produit avec l'aide d'une intelligence artificielle ». La relecture est enregistrée.",
    ),
  );
  form.append(element("label", "Texte relu", { for: "relecture-texte" }));
  const text = element("textarea", null, { id: "relecture-texte", rows: "8", "aria-describedby": "relecture-texte-erreur" });
  text.value = withoutMarking(result);
  drafts.keep(text, "relecture-tache:" + result.task_id);
  form.append(text, element("p", null, { id: "relecture-texte-erreur", class: "erreur-champ" }));
  form.append(element("button", "J'ai relu ce texte et j'en assume la publication", { type: "submit" }));
  const status = element("p", null, { class: "etat", role: "status" });
  form.append(status);
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    clearFieldErrors(form);
    try {
      await request("/v1/tasks/" + encodeURIComponent(result.task_id) + "/editorial-review", {
        method: "POST",
        json: { text: text.value },
      });
      drafts.forget("relecture-tache:" + result.task_id);
      status.textContent = "Relecture enregistrée : le texte peut être publié sans la mention.";
    } catch (error) {
      if (error.fields && error.fields.text) showFieldError(text, error.fields.text);
      report(error, status);
    }
  });
  holder.append(form);
}

function offerRating(name, result) {
  const form = $("tache-note");
  const used = templates.current(name);
  form.hidden = !used || name === "classement";
  $("tache-note-etat").textContent = "";
  if (form.hidden) return;
  form.reset();
  clearFieldErrors(form);
  form.dataset.modele = used.id;
  form.dataset.version = String(result.template_version || used.version);
  $("tache-note-modele").textContent = "Modèle utilisé : « " + used.title + " ». Votre note aide vos collègues à choisir.";
}

async function run(event) {
  event.preventDefault();
  if (running) return;
  const form = event.target;
  const name = form.dataset.tache;
  const button = form.querySelector("button[type=submit]");
  const stream = $("tache-flux");
  const live = $("tache-resultat");
  clearFieldErrors(form);
  $("tache-erreur").textContent = "";
  clear(live); // removals are not announced
  clear(stream);
  $("tache-relecture").hidden = true;
  $("tache-note").hidden = true;
  // aria-disabled, not disabled: a disabled button would lose the keyboard focus.
  running = true;
  button.setAttribute("aria-disabled", "true");
  try {
    const asked = requestFor(name, form);
    let result;
    if (asked.stream) {
      const response = await call(asked.path, { ...asked.options, accept: "text/event-stream" });
      if (!response.ok) throw await problem(response);
      result = await readEvents(response, (kind, data) => {
        if (kind === "delta") stream.append(data.text);
      });
    } else {
      result = await request(asked.path, asked.options);
    }
    clear(stream);
    live.append(renderResult(name, result));
    editorialReview(result);
    offerRating(name, result);
  } catch (error) {
    clear(stream);
    showProblem(name, form, error);
  } finally {
    running = false;
    button.removeAttribute("aria-disabled");
  }
}

function keepFields() {
  for (const id of ["resume-texte", "resume-mots", "clair-texte", "classement-texte", "classement-commune"]) {
    drafts.keep($(id), "tache:" + id);
  }
}

let shownTask = null;

export async function show(open, name, params) {
  const task = NAMES.includes(name) ? name : "resume";
  open("taches");
  if (task !== shownTask) {
    // Another task: the previous one's result and messages go.
    for (const id of ["tache-resultat", "tache-flux"]) clear($(id));
    $("tache-erreur").textContent = "";
    $("tache-relecture").hidden = true;
    $("tache-note").hidden = true;
    shownTask = task;
  }
  for (const form of document.querySelectorAll("form.tache")) form.hidden = form.dataset.tache !== task;
  for (const link of document.querySelectorAll("#ecran-taches a[data-tache]")) {
    if (link.dataset.tache === task) link.setAttribute("aria-current", "page");
    else link.removeAttribute("aria-current");
  }
  await templates.prepare(task, params.get("modele") || "");
}

export function bind() {
  keepFields();
  templates.bind();
  for (const form of document.querySelectorAll("form.tache")) form.addEventListener("submit", run);
  $("tache-note").addEventListener("submit", rateForm($("tache-note"), "tache-note"));
}
