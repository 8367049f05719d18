// Tables of the stewards' page: a caption always, column headers with scope, numbers
// aligned; values from the service written as text, empty values said in words.
"use strict";

import { element } from "./shared/dom.js";

let counter = 0;

// A French number: "12 345".
export function number(value) {
  return typeof value === "number" ? value.toLocaleString("fr-FR") : String(value);
}

// "0 ligne", "1 ligne", "12 lignes" (in French, 0 and 1 take the singular).
export function plural(count, one, many) {
  return number(count) + " " + (count < 2 ? one : many);
}

// A cell's content for any JSON value of a row.
export function value(raw) {
  if (raw === null || raw === undefined || raw === "") return element("span", "(vide)", { class: "valeur-vide" });
  if (typeof raw === "boolean") return document.createTextNode(raw ? "oui" : "non");
  if (typeof raw === "number") return document.createTextNode(number(raw));
  if (typeof raw === "object") return document.createTextNode(JSON.stringify(raw));
  return document.createTextNode(String(raw));
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
  const { rowHeader = false, id } = options || {};
  const node = element("table", null, id ? { id } : {});
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

// The rows of a dataset (objects) under their columns.
export function rowsTable(caption, columns, rows) {
  return table(
    caption,
    columns.map((name) => ({ label: name })),
    rows.map((row) => columns.map((name) => value(row[name]))),
  );
}

// The columns of rows whose columns are not listed: those of the first row.
export function columnsOf(rows) {
  const seen = [];
  for (const row of rows) for (const name of Object.keys(row)) if (!seen.includes(name)) seen.push(name);
  return seen;
}

export function code(text) {
  return element("code", text);
}
