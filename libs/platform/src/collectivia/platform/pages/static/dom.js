// Small DOM helpers shared by the screens of the services' pages. Everything from the server
// is written with textContent: no HTML from the service is ever parsed.
"use strict";

export const $ = (id) => document.getElementById(id);

export function element(tag, text, attributes) {
  const node = document.createElement(tag);
  if (text !== undefined && text !== null && text !== "") node.textContent = text;
  for (const [name, value] of Object.entries(attributes || {})) node.setAttribute(name, value);
  return node;
}

export function clear(node) {
  while (node.firstChild) node.firstChild.remove();
}

// A short message for screen readers (role=status), e.g. "3 demandes à traiter".
export function announce(message) {
  const region = $("annonce");
  region.textContent = "";
  // A new node on the next frame, so that the same message twice is announced twice.
  window.requestAnimationFrame(() => {
    region.textContent = message;
  });
}

export function safeUrl(url) {
  if (!url) return null;
  try {
    const parsed = new URL(url, window.location.href);
    return parsed.protocol === "https:" || parsed.protocol === "http:" ? parsed.href : null;
  } catch (error) {
    return null;
  }
}

export function formatDate(iso) {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso || "";
  return date.toLocaleString("fr-FR", { dateStyle: "long", timeStyle: "short" });
}

export function formatDay(iso) {
  const date = new Date(iso.length === 10 ? iso + "T12:00:00" : iso);
  if (Number.isNaN(date.getTime())) return iso || "";
  return date.toLocaleDateString("fr-FR", { day: "numeric", month: "long", year: "numeric" });
}

// A term and its description at the end of a <dl>: ``content`` a node or a text.
export function definition(list, term, content) {
  list.append(element("dt", term));
  const detail = element("dd");
  if (content instanceof Node) detail.append(content);
  else detail.textContent = content;
  list.append(detail);
}

// Field errors: the message under the field, aria-invalid on it.
export function clearFieldErrors(form) {
  for (const field of form.querySelectorAll("[aria-invalid]")) field.removeAttribute("aria-invalid");
  for (const message of form.querySelectorAll(".erreur-champ")) message.textContent = "";
}

export function showFieldError(field, message) {
  field.setAttribute("aria-invalid", "true");
  const holder = document.getElementById(field.id + "-erreur");
  if (holder) holder.textContent = message;
}

// Paragraphs of a plain text (blank lines between paragraphs, line breaks kept).
export function paragraphs(text, container) {
  for (const block of text.split(/\n{2,}/)) {
    if (!block.trim()) continue;
    const paragraph = element("p");
    block.split("\n").forEach((line, index) => {
      if (index) paragraph.append(element("br"));
      paragraph.append(line);
    });
    container.append(paragraph);
  }
  return container;
}
