// The usage charter: read it, accept the version in force. Shown before anything else
// while the agent has not accepted it.
"use strict";

import { $, announce, clear, element, formatDay, showFieldError, clearFieldErrors } from "./shared/dom.js";
import { report, request } from "./api.js";

let current = null;

// Whether the agent accepted the charter in force (asked once, then after each change).
export async function accepted() {
  if (!current) current = await request("/v1/charter");
  return current.accepted;
}

export function forget() {
  current = null;
}

// The charter's Markdown (headings ##, lists -, paragraphs), as elements, without HTML.
function render(text, container) {
  let block = null;
  let list = null;
  const close = () => {
    block = null;
  };
  for (const raw of text.split("\n")) {
    const line = raw.trimEnd();
    const heading = /^(#{1,3})\s+(.*)$/.exec(line);
    if (!line.trim()) {
      close();
      list = null;
    } else if (heading) {
      list = null;
      container.append(element(heading[1].length === 3 ? "h3" : "h2", heading[2].replace(/\*\*/g, "")));
      close();
    } else if (/^[-*]\s+/.test(line)) {
      if (!list) {
        list = element("ul");
        container.append(list);
      }
      block = element("li", line.replace(/^[-*]\s+/, "").replace(/\*\*/g, ""));
      list.append(block);
    } else if (block) {
      block.append(" " + line.trim().replace(/\*\*/g, ""));
    } else {
      block = element("p", line.trim().replace(/\*\*/g, ""));
      container.append(block);
      list = null;
    }
  }
}

export async function show(open, reason) {
  open("charte");
  const status = $("charte-statut");
  const form = $("charte-form");
  const text = $("charte-texte");
  $("charte-erreur").textContent = "";
  try {
    current = await request("/v1/charter");
  } catch (error) {
    report(error, $("charte-erreur"));
    return;
  }
  clear(text);
  text.append(element("h2", current.title + " (version " + current.version + ")"));
  text.append(element("p", "En vigueur depuis le " + formatDay(current.published_at) + ".", { class: "indice" }));
  if (current.change_note) text.append(element("p", "Ce qui change : " + current.change_note));
  render(current.text, text);
  if (current.accepted) {
    status.textContent = "Vous avez accepté cette version le " + formatDay(current.accepted_at) + ".";
    form.hidden = true;
  } else {
    status.textContent =
      reason || "Avant d'utiliser l'assistant, lisez la charte puis acceptez-la en bas de page.";
    form.hidden = false;
    $("charte-accepter").textContent = "Accepter la charte (version " + current.version + ")";
  }
}

async function accept(event, done) {
  event.preventDefault();
  const form = event.target;
  clearFieldErrors(form);
  $("charte-erreur").textContent = "";
  const box = $("charte-lu");
  if (!box.checked) {
    showFieldError(box, "Cochez la case pour indiquer que vous avez lu la charte.");
    box.focus();
    return;
  }
  try {
    await request("/v1/charter/acceptances", { method: "POST", json: { version: current.version } });
    current = null;
    box.checked = false;
    announce("Charte acceptée. Bienvenue dans l'assistant.");
    done();
  } catch (error) {
    if (error.status === 409) current = null; // a new version came out meanwhile
    report(error, $("charte-erreur"));
  }
}

export function bind(done) {
  $("charte-form").addEventListener("submit", (event) => accept(event, done));
}
