// The monthly briefing of a commune (#synthese?commune=…&mois=…): its sentences in plain
// French, each followed by links to the figures it states; the mention of how it was
// written (with a model, every figure checked; or from templates), and the sentences a
// model wrote that were dropped for an unverified figure, counted.
"use strict";

import { $, clear, clearFieldErrors, element, safeUrl, showFieldError } from "./shared/dom.js";
import { report, request } from "./shared/api.js";
import { measure, monthLabel, plural } from "./tables.js";
import { communeChoices, read } from "./selection.js";

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;
// The facts of the content gaps (the others are indicators).
const GAPS = "questions-sans-reponse";

// The latest showing: an earlier one still loading writes nothing once another started.
let showing = 0;

function lastCompleteMonth() {
  const now = new Date();
  const month = new Date(now.getFullYear(), now.getMonth() - 1, 1);
  return month.getFullYear() + "-" + String(month.getMonth() + 1).padStart(2, "0");
}

// The link to where a fact's figure is shown: its indicator's detail, or the gaps.
function factLink(fact) {
  const params = new URLSearchParams();
  if (fact.filters.commune) params.set("commune", fact.filters.commune);
  params.set("du", fact.filters.month);
  params.set("au", fact.filters.month);
  const text =
    (fact.indicator === GAPS ? "Questions sans réponse, « " + fact.label + " »" : fact.label) +
    " : " + measure(fact.value, fact.unit, fact.decimals) + " (" + monthLabel(fact.filters.month) + ")";
  const href =
    fact.indicator === GAPS
      ? "#lacunes?" + params.toString()
      : "#indicateur/" + encodeURIComponent(fact.indicator) + "?" + params.toString();
  return element("a", text, { href });
}

function sentenceItem(sentence) {
  const item = element("li");
  item.append(element("p", sentence.text));
  if (sentence.facts.length) {
    const figures = element("p", "Chiffres : ", { class: "indice" });
    sentence.facts.forEach((fact, index) => {
      if (index) figures.append(document.createTextNode(" ; "));
      figures.append(factLink(fact));
    });
    item.append(figures);
  }
  return item;
}

function briefingBlock(briefing) {
  const block = element("section", null, { class: "bloc", "aria-labelledby": "titre-synthese-texte" });
  block.append(element("h2", briefing.title, { id: "titre-synthese-texte" }));
  block.append(element("p", briefing.mention, { class: "mention-ia" }));
  if (briefing.note) block.append(element("p", briefing.note));
  if (briefing.sentences.length) {
    const list = element("ul", null, { class: "synthese-phrases" });
    briefing.sentences.forEach((sentence) => list.append(sentenceItem(sentence)));
    block.append(list);
  }
  if (briefing.dropped_text) block.append(element("p", briefing.dropped_text, { class: "indice" }));
  const method = element("details");
  method.append(element("summary", "Comment cette synthèse est produite"));
  method.append(element("p", briefing.method_text));
  const url = safeUrl(briefing.register_url);
  if (url) {
    const register = element("p");
    register.append(element("a", "Fiche de l'algorithme au registre public des algorithmes", { href: url }));
    method.append(register);
  }
  block.append(method);
  return block;
}

async function fillForm(commune, month) {
  const select = $("synthese-commune");
  clear(select);
  for (const choice of (await communeChoices()).filter((choice) => choice.value)) {
    const option = element("option", choice.label, { value: choice.value });
    if (choice.value === commune) option.selected = true;
    select.append(option);
  }
  clearFieldErrors($("synthese-selection"));
  $("synthese-mois").value = month;
}

export async function show(open, where) {
  const mine = ++showing;
  open("synthese");
  const status = $("synthese-etat");
  const holder = $("synthese-contenu");
  $("synthese-erreur").textContent = "";
  clear(holder);
  status.textContent = "Chargement de la synthèse…";
  let briefing;
  try {
    const selection = await read(where.params);
    const choices = (await communeChoices()).filter((choice) => choice.value);
    const commune = selection.commune || (choices.length ? choices[0].value : "");
    const asked = where.params.get("mois") || "";
    const month = MONTH.test(asked) ? asked : lastCompleteMonth();
    await fillForm(commune, month);
    if (!commune) {
      status.textContent = "";
      holder.append(element("p", "Aucune commune à montrer : votre compte n'est rattaché à aucune commune."));
      return;
    }
    briefing = await request("/v1/briefings/" + encodeURIComponent(commune) + "?month=" + month);
  } catch (error) {
    if (mine !== showing) return;
    status.textContent = "";
    report(error, $("synthese-erreur"));
    return;
  }
  if (mine !== showing) return;
  holder.append(briefingBlock(briefing));
  status.textContent =
    plural(briefing.sentences.length, "phrase", "phrases") + " — " + briefing.commune_label + ", " +
    monthLabel(briefing.month) + ".";
}

export function bind(navigate) {
  $("synthese-selection").addEventListener("submit", (event) => {
    event.preventDefault();
    clearFieldErrors($("synthese-selection"));
    const field = $("synthese-mois");
    const month = field.value.trim();
    if (!MONTH.test(month)) {
      showFieldError(field, "Indiquez le mois, au format AAAA-MM (par exemple 2026-03).");
      field.focus();
      return;
    }
    const params = new URLSearchParams({ commune: $("synthese-commune").value, mois: month });
    const hash = "#synthese?" + params.toString();
    if (window.location.hash === hash) navigate();
    else window.location.hash = hash;
  });
}
