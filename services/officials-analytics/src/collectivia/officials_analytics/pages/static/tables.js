// Tables and numbers of the officials' page: a caption always, column headers with scope,
// numbers aligned and written the French way; values from the service written as text.
"use strict";

import { element } from "./shared/dom.js";

let counter = 0;

// Units as people write them.
const UNITS = { m3: "m³", "m3/h": "m³/h" };

export function unit(name) {
  return UNITS[name] || name || "";
}

// A French number: "12 345", "72,5".
export function number(value, decimals) {
  if (typeof value !== "number") return String(value);
  const digits = decimals === undefined ? 2 : decimals;
  return value.toLocaleString("fr-FR", { maximumFractionDigits: digits });
}

// A value with its unit: "1 234 questions", "72,5 %".
export function measure(value, unitName, decimals) {
  const shown = unit(unitName);
  return number(value, decimals) + (shown ? "\u00a0" + shown : "");
}

// "0 question", "1 question", "12 questions" (in French, 0 and 1 take the singular).
export function plural(count, one, many) {
  return number(count) + " " + (count < 2 ? one : many);
}

const MONTHS = [
  "janvier", "février", "mars", "avril", "mai", "juin",
  "juillet", "août", "septembre", "octobre", "novembre", "décembre",
];

// "2026-03" in words: "mars 2026".
export function monthLabel(month) {
  const found = /^(\d{4})-(\d{2})$/.exec(month || "");
  if (!found || Number(found[2]) < 1 || Number(found[2]) > 12) return month || "";
  return MONTHS[Number(found[2]) - 1] + " " + found[1];
}

// The period in words: "de janvier à juin 2026", "en mars 2026".
export function periodLabel(first, last) {
  if (first === last) return "en " + monthLabel(first);
  const start = monthLabel(first);
  const sameYear = first.slice(0, 4) === last.slice(0, 4);
  return "de " + (sameYear ? start.split(" ")[0] : start) + " à " + monthLabel(last);
}

// The values the service writes, as people read them (the same words as the charts').
const VALUES = {
  outcome: {
    answered: "Répondue par l'assistant",
    refused: "Sans réponse",
    handed_over: "Transmise à un agent",
    completed: "Menée à bien",
    failed: "Échec",
  },
  generative: { true: "Oui", false: "Non", True: "Oui", False: "Non" },
  channel: { conversation: "Conversation", email: "Courriel", phone: "Téléphone" },
};

// The member communes' names, by INSEE code (GET /v1/communes, read by selection.js).
let communeNames = {};

export function setCommuneNames(names) {
  communeNames = { ...communeNames, ...names };
}

// "Montigny-lès-Metz" (or "Montigny-lès-Metz (57480)" ``withCode``); the code when unknown.
export function communeName(code, withCode) {
  const name = communeNames[code];
  if (!name || name === code) return code;
  return withCode ? name + " (" + code + ")" : name;
}

export function groupLabel(dimension, value) {
  if (dimension === "month") return monthLabel(value);
  if (dimension === "commune" && value) return communeName(value, true);
  if (value === null || value === undefined || value === "") return "(non renseigné)";
  return (VALUES[dimension] && VALUES[dimension][value]) || String(value);
}

function cell(tag, content, attributes) {
  const node = element(tag, null, attributes);
  if (content instanceof Node) node.append(content);
  else node.textContent = content === null || content === undefined ? "" : String(content);
  return node;
}

// columns: [{ label, numeric }]; rows: arrays of cells (text or nodes). With ``rowHeader``,
// the first cell of each row is its header (th scope=row).
export function table(caption, columns, rows, options) {
  const { rowHeader = false } = options || {};
  const node = element("table");
  node.append(element("caption", caption));
  const head = element("tr");
  for (const column of columns) {
    const attributes = { scope: "col" };
    if (column.numeric) attributes.class = "nombre";
    head.append(cell("th", column.label, attributes));
  }
  const thead = element("thead");
  thead.append(head);
  const body = element("tbody");
  for (const row of rows) {
    const line = element("tr");
    row.forEach((content, index) => {
      const numeric = columns[index] && columns[index].numeric;
      const tag = rowHeader && index === 0 ? "th" : "td";
      const attributes = tag === "th" ? { scope: "row" } : {};
      if (numeric) attributes.class = "nombre";
      line.append(cell(tag, content, attributes));
    });
    body.append(line);
  }
  node.append(thead, body);
  return node;
}

// A table that may be wider than the screen: in a region named by its caption, which takes
// the focus so that it scrolls with the keyboard.
export function scrollable(tableNode) {
  const caption = tableNode.querySelector("caption");
  counter += 1;
  caption.id = caption.id || "legende-" + counter;
  const region = element("div", null, {
    class: "tableau",
    role: "region",
    tabindex: "0",
    "aria-labelledby": caption.id,
  });
  region.append(tableNode);
  return region;
}
