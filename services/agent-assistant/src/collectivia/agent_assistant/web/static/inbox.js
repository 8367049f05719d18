// Handover inbox: the department's handed-over conversations, one opened with its suggested
// reply (citations), the reply sent to the citizen, proposals of curated answers and their
// review by a second agent.
"use strict";

import { $, announce, clear, clearFieldErrors, element, formatDate, paragraphs, safeUrl, showFieldError } from "./shared/dom.js";
import { report, request } from "./api.js";
import * as drafts from "./drafts.js";

const ROLES = {
  citizen: "Habitant",
  assistant: "Assistant citoyen (IA)",
  agent: "Agent",
  system: "Message du service",
};
const REVIEWS = {
  accepted: "suggestion envoyée telle quelle",
  edited: "suggestion modifiée",
  overridden: "suggestion écartée",
};
const CHANNELS = { conversation: "dans la conversation", email: "par courriel", phone: "par téléphone" };
const REFRESH_MS = 30000;

let handoff = null;
let suggestionText = "";
// The suggestion the agent saw, sent back with the reply: an expired one is refused (409).
let suggestionUseId = "";
let listCount = null;

// What the request is about: the citizen's last message before it (the service sends it as
// the trigger), not the conversation's first question.
function firstQuestion(item) {
  if (item.trigger) return item.trigger;
  const said = item.turns.filter((t) => t.role === "citizen");
  return said.length ? said[said.length - 1].text : "";
}

function label(item) {
  const parts = [(item.urgent ? "URGENT — " : "") + "Demande du " + formatDate(item.requested_at)];
  parts.push(item.theme || "sans thème");
  if (item.commune) parts.push(item.commune_label || "commune " + item.commune);
  return parts.join(" — ");
}

function shorten(text, size) {
  return text.length > size ? text.slice(0, size - 1).trimEnd() + "…" : text;
}

// Rebuilding the list under a keyboard user would send the focus back to the page's top:
// an unchanged list is left alone, and a changed one gives the focus back to the same link.
function renderList(list, items) {
  const signature = $("demandes-statut").value + "|" + items.map((item) => item.id + ":" + item.status).join(",");
  if (signature === list.dataset.signature) return;
  const focused = list.contains(document.activeElement) ? document.activeElement.getAttribute("href") : null;
  clear(list);
  for (const item of items) {
    const entry = element("li");
    entry.append(element("a", label(item), { href: "#demandes/" + encodeURIComponent(item.id) }));
    const question = firstQuestion(item);
    if (question) entry.append(element("p", "« " + shorten(question, 200) + " »", { class: "indice" }));
    list.append(entry);
  }
  list.dataset.signature = signature;
  const again = focused && [...list.querySelectorAll("a")].find((link) => link.getAttribute("href") === focused);
  if (again) again.focus();
  else if (focused) $("demandes-actualiser").focus();
}

async function loadList(quiet) {
  const state = $("demandes-statut").value;
  const status = $("demandes-etat");
  const list = $("demandes-liste");
  try {
    const items = await request("/v1/handoffs?status=" + encodeURIComponent(state));
    renderList(list, items);
    const what = state === "open" ? "à traiter" : "traitée" + (items.length > 1 ? "s" : "");
    const message = items.length
      ? items.length + " demande" + (items.length > 1 ? "s " : " ") + what + "."
      : "Aucune demande " + what + ".";
    // The status region announces it; the periodic refresh speaks only when it changed.
    if (!quiet || items.length !== listCount) status.textContent = message;
    listCount = items.length;
  } catch (error) {
    report(error, status);
  }
}

function reviewForm(item) {
  const form = element("form", null, { class: "relecture", novalidate: "" });
  const fieldId = "relecture-" + item.id;
  form.append(element("label", "Commentaire de relecture (facultatif)", { for: fieldId }));
  const comment = element("textarea", null, { id: fieldId, rows: "2", maxlength: "2000" });
  drafts.keep(comment, "relecture:" + item.id);
  form.append(comment);
  const buttons = element("div", null, { class: "boutons" });
  const publish = element("button", "Publier dans la base de connaissances", { type: "submit", value: "oui" });
  const reject = element("button", "Refuser", { type: "submit", value: "non", class: "secondaire" });
  buttons.append(publish, reject);
  form.append(buttons);
  const status = element("p", null, { class: "etat", role: "status" });
  form.append(status);
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const approve = event.submitter ? event.submitter.value === "oui" : true;
    try {
      const done = await request("/v1/curated-answers/" + encodeURIComponent(item.id) + "/review", {
        method: "POST",
        json: { approve, comment: comment.value },
      });
      drafts.forget("relecture:" + item.id);
      buttons.remove();
      comment.readOnly = true;
      status.textContent = done.status === "published" ? "Réponse type publiée." : "Réponse type refusée.";
    } catch (error) {
      report(error, status);
    }
  });
  return form;
}

async function loadReviews() {
  const list = $("relectures-liste");
  const status = $("relectures-etat");
  try {
    const items = await request("/v1/curated-answers?status=proposed");
    clear(list);
    for (const item of items) {
      const entry = element("li", null, { class: "proposition" });
      entry.append(element("h3", item.title));
      entry.append(element("p", "Question : " + item.question));
      entry.append(paragraphs(item.answer, element("div", null, { class: "citation" })));
      if (item.proposed_by_me) {
        entry.append(element("p", "Proposée par vous : un collègue doit la relire.", { class: "indice" }));
      } else {
        entry.append(reviewForm(item));
      }
      list.append(entry);
    }
    status.textContent = items.length ? "" : "Aucune réponse type à relire.";
  } catch (error) {
    report(error, status);
  }
}

async function showList(open) {
  open("demandes");
  await Promise.all([loadList(false), loadReviews()]);
}

function renderTurns(item) {
  const list = $("demande-tours");
  clear(list);
  for (const turn of item.turns) {
    const entry = element("li", null, { class: "tour tour-" + turn.role });
    const who = element("p", null, { class: "auteur" });
    who.append(element("strong", ROLES[turn.role] || turn.role));
    if (turn.at) who.append(" — " + formatDate(turn.at));
    entry.append(who);
    paragraphs(turn.text, entry);
    list.append(entry);
  }
}

function renderSuggestion(suggestion) {
  const box = $("suggestion");
  clear(box);
  paragraphs(suggestion.text, box);
  if (suggestion.citations.length) {
    box.append(element("h3", "Sources citées"));
    const sources = element("ol", null, { class: "sources" });
    for (const citation of suggestion.citations) {
      const item = element("li", null, { value: String(citation.number) });
      const href = safeUrl(citation.url);
      item.append(href ? element("a", citation.title, { href }) : citation.title);
      sources.append(item);
    }
    box.append(sources);
  }
  if (suggestion.notice) box.append(element("p", suggestion.notice, { class: "indice" }));
}

// What became of the reply, as the service recorded it (never "sent" when it was not).
function showDeliveries(item, deliveries) {
  const list = $("reponse-livraisons");
  if (!list) return;
  clear(list);
  for (const delivery of deliveries) list.append(element("li", delivery.summary));
  const due = deliveries.some((d) => d.outcome === "callback-due");
  const done = deliveries.some((d) => ["reached", "wrong-number"].includes(d.outcome));
  $("rappel-form").hidden = !(item.contact_channel === "phone" && due && !done);
}

async function loadDeliveries(item) {
  try {
    const deliveries = await request("/v1/handoffs/" + encodeURIComponent(item.id) + "/deliveries");
    if (handoff && handoff.id === item.id) showDeliveries(item, deliveries);
  } catch (error) {
    report(error, $("reponse-erreur"));
  }
}

function showResolved(item) {
  $("reponse-form").hidden = true;
  const result = $("reponse-resultat");
  clear(result);
  const when = item.resolved_at ? " le " + formatDate(item.resolved_at) : "";
  const how = REVIEWS[item.human_review] ? " (" + REVIEWS[item.human_review] + ")" : "";
  result.append(element("p", "Réponse enregistrée" + when + how + " :", { class: "succes" }));
  result.append(element("ul", null, { id: "reponse-livraisons" }));
  if (item.delivery) showDeliveries(item, [item.delivery]);
  else loadDeliveries(item);
  result.append(paragraphs(item.reply, element("div", null, { class: "citation" })));
  const form = $("type-form");
  form.hidden = false;
  const title = $("type-titre");
  if (!drafts.keep(title, "type-titre:" + item.id)) title.value = shorten(item.theme || firstQuestion(item), 120);
  const question = $("type-question");
  if (!drafts.keep(question, "type-question:" + item.id)) question.value = firstQuestion(item);
  const answer = $("type-reponse");
  if (!drafts.keep(answer, "type-reponse:" + item.id)) answer.value = item.reply;
}

async function loadSuggestion(item) {
  const status = $("suggestion-etat");
  status.textContent = "Recherche d'une réponse dans la base de connaissances…";
  try {
    const suggestion = await request("/v1/handoffs/" + encodeURIComponent(item.id) + "/suggestion");
    if (!handoff || handoff.id !== item.id) return;
    suggestionText = suggestion.text;
    suggestionUseId = suggestion.use_id || "";
    renderSuggestion(suggestion);
    status.textContent = "Réponse suggérée prête.";
    const field = $("reponse-texte");
    if (drafts.saved("reponse:" + item.id) === null && !field.value) field.value = suggestion.text;
  } catch (error) {
    report(error, status);
  }
}

async function showHandoff(open, id) {
  let item;
  try {
    item = await request("/v1/handoffs/" + encodeURIComponent(id));
  } catch (error) {
    open("demande", "Demande introuvable");
    clear($("demande-tours"));
    clear($("suggestion"));
    $("reponse-form").hidden = true;
    $("type-form").hidden = true;
    report(error, $("reponse-erreur"));
    return;
  }
  handoff = item;
  suggestionText = "";
  suggestionUseId = "";
  for (const name of ["reponse-erreur", "suggestion-etat", "type-etat", "rappel-etat", "contact-valeur"]) $(name).textContent = "";
  $("rappel-form").hidden = true;
  $("contact-bloc").hidden = !["email", "phone"].includes(item.contact_channel);
  clear($("reponse-resultat"));
  clear($("suggestion"));
  clearFieldErrors($("reponse-form"));
  clearFieldErrors($("type-form"));
  open("demande", label(item));
  const contact = CHANNELS[item.contact_channel] || item.contact_channel;
  $("demande-resume").textContent =
    "Service : " + (item.department_label || item.department) + " · Réponse souhaitée " + contact + (item.contact ? " (" + item.contact + ")" : "") + ".";
  renderTurns(item);
  $("type-form").hidden = true;
  const field = $("reponse-texte");
  field.value = "";
  drafts.keep(field, "reponse:" + item.id);
  $("suggestion-ecartee").checked = false;
  if (item.status === "resolved") {
    showResolved(item);
    $("suggestion-etat").textContent = "";
    return;
  }
  $("reponse-form").hidden = false;
  await loadSuggestion(item);
}

async function sendReply(event) {
  event.preventDefault();
  const form = event.target;
  const field = $("reponse-texte");
  clearFieldErrors(form);
  $("reponse-erreur").textContent = "";
  if (!field.value.trim()) {
    showFieldError(field, "Écrivez une réponse à l'habitant.");
    field.focus();
    return;
  }
  const item = handoff;
  try {
    const done = await request("/v1/handoffs/" + encodeURIComponent(item.id) + "/reply", {
      method: "POST",
      json: {
        text: field.value,
        suggestion_rejected: $("suggestion-ecartee").checked,
        suggestion_use_id: suggestionUseId,
      },
    });
    drafts.forget("reponse:" + item.id);
    handoff = done;
    showResolved(done);
    announce(done.delivery ? done.delivery.summary : "Réponse enregistrée.");
    $("titre-type").focus();
  } catch (error) {
    if (error.fields && error.fields.text) showFieldError(field, error.fields.text);
    report(error, $("reponse-erreur"));
  }
}

async function revealContact() {
  const item = handoff;
  const shown = $("contact-valeur");
  shown.textContent = "";
  try {
    const revealed = await request("/v1/handoffs/" + encodeURIComponent(item.id) + "/contact-reveals", { method: "POST" });
    shown.textContent = (revealed.channel === "phone" ? "Téléphone : " : "Courriel : ") + revealed.contact;
  } catch (error) {
    report(error, shown);
  }
}

async function recordCallback(event) {
  event.preventDefault();
  const item = handoff;
  const status = $("rappel-etat");
  status.textContent = "";
  try {
    const done = await request("/v1/handoffs/" + encodeURIComponent(item.id) + "/callback-outcomes", {
      method: "POST",
      json: { outcome: $("rappel-resultat").value },
    });
    status.textContent = done.summary;
    await loadDeliveries(item);
  } catch (error) {
    report(error, status);
  }
}

const CURATED_FIELDS = { title: "type-titre", question: "type-question", answer: "type-reponse" };

async function propose(event) {
  event.preventDefault();
  const form = event.target;
  clearFieldErrors(form);
  const status = $("type-etat");
  status.textContent = "";
  const item = handoff;
  try {
    await request("/v1/handoffs/" + encodeURIComponent(item.id) + "/curated-answers", {
      method: "POST",
      json: { title: $("type-titre").value, question: $("type-question").value, answer: $("type-reponse").value },
    });
    for (const name of ["type-titre", "type-question", "type-reponse"]) drafts.forget(name + ":" + item.id);
    form.hidden = true;
    status.textContent = "Réponse type proposée : un collègue de votre service va la relire.";
  } catch (error) {
    let first = null;
    for (const [name, message] of Object.entries(error.fields || {})) {
      const field = $(CURATED_FIELDS[name]);
      if (!field) continue;
      showFieldError(field, message);
      first = first || field;
    }
    report(error, status);
    if (first) first.focus();
  }
}

export async function show(open, id) {
  if (id) await showHandoff(open, id);
  else await showList(open);
}

export function bind() {
  $("demandes-statut").addEventListener("change", () => loadList(false));
  $("demandes-actualiser").addEventListener("click", () => Promise.all([loadList(false), loadReviews()]));
  $("reponse-form").addEventListener("submit", sendReply);
  $("contact-voir").addEventListener("click", revealContact);
  $("rappel-form").addEventListener("submit", recordCallback);
  $("reponse-reprendre").addEventListener("click", () => {
    const field = $("reponse-texte");
    field.value = suggestionText;
    drafts.store("reponse:" + (handoff && handoff.id), suggestionText);
    $("suggestion-ecartee").checked = false;
    field.focus();
  });
  $("type-form").addEventListener("submit", propose);
  // New handovers appear without reloading while the list is shown.
  window.setInterval(() => {
    if (!$("ecran-demandes").hidden && !document.hidden && $("demandes-statut").value === "open") loadList(true);
  }, REFRESH_MS);
}
