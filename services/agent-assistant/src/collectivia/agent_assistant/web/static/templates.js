// A template of the prompt library chosen in a task form: its variables become labelled
// fields (kept as drafts), their values are sent with the task.
"use strict";

import { $, clear, element } from "./shared/dom.js";
import { report, request } from "./api.js";
import * as drafts from "./drafts.js";

// The kinds of template each task form offers.
const KINDS = { resume: ["summarize", "free"], clair: ["plain-language", "free"], redaction: ["draft", "free"] };
const LONG = /texte|demande|contenu|deliberation|faits|message/;

const chosen = {};

export function current(prefix) {
  return chosen[prefix] || null;
}

async function loadOptions(prefix) {
  const select = $(prefix + "-modele");
  const found = [];
  for (const kind of KINDS[prefix]) {
    found.push(...(await request("/v1/prompts/templates?limit=200&kind=" + encodeURIComponent(kind))));
  }
  const keep = select.value || drafts.saved("modele:" + prefix) || "";
  while (select.options.length > 1) select.remove(1);
  for (const template of found) select.append(element("option", template.title, { value: template.id }));
  if (keep && found.some((t) => t.id === keep)) select.value = keep;
}

function variableField(prefix, template, spec) {
  const id = prefix + "-var-" + spec.name;
  const holder = element("div", null, { class: "variable" });
  holder.append(element("label", spec.label, { for: id }));
  const hints = [];
  if (spec.description) hints.push(spec.description);
  if (spec.example) hints.push("Exemple : " + spec.example);
  const described = [id + "-erreur"];
  if (hints.length) {
    holder.append(element("p", hints.join(" "), { id: id + "-aide", class: "indice" }));
    described.unshift(id + "-aide");
  }
  const long = LONG.test(spec.name);
  const field = element(long ? "textarea" : "input", null, {
    id,
    name: spec.name,
    "aria-describedby": described.join(" "),
    "data-variable": spec.name,
  });
  if (long) field.setAttribute("rows", "5");
  else field.setAttribute("type", "text");
  drafts.keep(field, "variable:" + prefix + ":" + template.id + ":" + spec.name);
  holder.append(field);
  holder.append(element("p", null, { id: id + "-erreur", class: "erreur-champ" }));
  return holder;
}

async function choose(prefix) {
  const select = $(prefix + "-modele");
  const box = $(prefix + "-variables");
  drafts.store("modele:" + prefix, select.value);
  clear(box);
  chosen[prefix] = null;
  if (!select.value) return;
  try {
    const template = await request("/v1/prompts/templates/" + encodeURIComponent(select.value));
    chosen[prefix] = template;
    if (!template.variable_specs.length) return;
    const group = element("fieldset", null, { class: "variables" });
    group.append(element("legend", "Éléments du modèle « " + template.title + " »"));
    if (template.description) group.append(element("p", template.description, { class: "indice" }));
    for (const spec of template.variable_specs) group.append(variableField(prefix, template, spec));
    box.append(group);
  } catch (error) {
    report(error, $(prefix + "-modele-erreur"));
  }
}

// Options loaded (once), ``templateId`` chosen when given (from the library's "use").
export async function prepare(prefix, templateId) {
  if (!KINDS[prefix]) return;
  const select = $(prefix + "-modele");
  try {
    if (select.options.length <= 1) await loadOptions(prefix);
  } catch (error) {
    report(error, $(prefix + "-modele-erreur"));
    return;
  }
  if (templateId) select.value = templateId;
  if ((chosen[prefix] && chosen[prefix].id) !== select.value) await choose(prefix);
}

export function values(prefix) {
  const result = {};
  for (const field of $(prefix + "-variables").querySelectorAll("[data-variable]")) {
    result[field.dataset.variable] = field.value;
  }
  return result;
}

export function bind() {
  for (const prefix of Object.keys(KINDS)) {
    $(prefix + "-modele").addEventListener("change", () => choose(prefix));
  }
}
