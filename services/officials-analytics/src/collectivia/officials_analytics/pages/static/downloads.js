// Exports behind plain links (CSV of an indicator, SVG of a chart, the council's PDF): the
// link's address is the export's, but the service wants the person's token, so a click
// fetches it with the token and hands the file to the browser. The link says where the
// result is announced (data-etat) and where an error is written (data-erreur).
"use strict";

import { $, announce, element } from "./shared/dom.js";
import { call, problem, report } from "./shared/api.js";

const ACCEPT = { csv: "text/csv", svg: "image/svg+xml", rapport: "application/pdf" };
const WHAT = { csv: "des données", svg: "du graphique", rapport: "du rapport" };

// The file's name from Content-Disposition (filename="…"), else the address's last part.
function filename(response, href) {
  const disposition = response.headers.get("content-disposition") || "";
  const found = /filename="([^"]+)"/.exec(disposition);
  if (found) return found[1];
  return new URL(href, window.location.href).pathname.split("/").pop();
}

async function download(link) {
  const kind = link.dataset.telecharger;
  const status = $(link.dataset.etat);
  const failure = $(link.dataset.erreur);
  if (failure) failure.textContent = "";
  if (status) status.textContent = "Préparation du téléchargement " + WHAT[kind] + "…";
  link.setAttribute("aria-disabled", "true");
  try {
    const response = await call(link.getAttribute("href"), { accept: ACCEPT[kind] || "*/*" });
    if (!response.ok) throw await problem(response);
    const name = filename(response, link.getAttribute("href"));
    const url = URL.createObjectURL(await response.blob());
    const anchor = element("a", null, { href: url, download: name, hidden: "" });
    document.body.append(anchor);
    anchor.click();
    anchor.remove();
    window.setTimeout(() => URL.revokeObjectURL(url), 10000);
    if (status) status.textContent = "Téléchargement de « " + name + " » lancé.";
    else announce("Téléchargement de « " + name + " » lancé.");
  } catch (error) {
    if (status) status.textContent = "";
    report(error, failure || status);
  } finally {
    link.removeAttribute("aria-disabled");
  }
}

export function bind() {
  document.addEventListener("click", (event) => {
    const link = event.target.closest("a[data-telecharger]");
    if (!link || event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey) return;
    event.preventDefault();
    if (link.getAttribute("aria-disabled") === "true") return;
    download(link);
  });
}
