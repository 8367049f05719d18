// The charts of the page: SVG documents drawn by the service (matplotlib), fetched with the
// person's token and shown as images (data: addresses, which the page's CSP allows), with
// their title and description (the summary) read out of them.
"use strict";

import { call, problem } from "./shared/api.js";
import { element } from "./shared/dom.js";

// The text of the chart's first <title> or <desc> (entities decoded by the XML parser, on
// that element alone: the drawing's own styles are never parsed under the page's CSP).
function svgText(svg, tag) {
  const found = new RegExp("<" + tag + "\\b[^>]*>[^<]*</" + tag + ">").exec(svg);
  if (!found) return "";
  const parsed = new DOMParser().parseFromString(
    '<svg xmlns="http://www.w3.org/2000/svg">' + found[0] + "</svg>",
    "image/svg+xml",
  );
  const node = parsed.querySelector(tag);
  return node ? node.textContent : "";
}

// The chart's SVG: its title and description (the summary), and the image to show.
export async function chart(path) {
  const response = await call(path, { accept: "image/svg+xml" });
  if (!response.ok) throw await problem(response);
  const text = await response.text();
  return {
    title: svgText(text, "title"),
    summary: svgText(text, "desc"),
    source: "data:image/svg+xml;charset=utf-8," + encodeURIComponent(text),
  };
}

// A chart as a figure: the image (its text alternative names it and says where its values
// are) and the summary as its caption.
export function figure(drawn, where) {
  const node = element("figure", null, { class: "graphique" });
  node.append(
    element("img", null, { src: drawn.source, alt: "Graphique : " + drawn.title + ". " + where }),
    element("figcaption", drawn.summary, { class: "resume" }),
  );
  return node;
}
