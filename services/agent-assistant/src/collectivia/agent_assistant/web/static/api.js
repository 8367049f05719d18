// The assistant's REST API with the agent's token: one retry after a refresh on 401,
// problem details turned into French messages, Server-Sent Events read as they come.
"use strict";

import { SessionExpired, accessToken, expireSession } from "./auth.js";

const OFFLINE = "Connexion impossible : vérifiez votre réseau.";
// Details that are not meant for agents (English, from the framework): a French one instead.
const TECHNICAL = /^(invalid fields|an unexpected error|Not Found|Method Not Allowed|the token)/;

export class Problem extends Error {
  constructor(message, status, fields, body) {
    super(message);
    this.name = "Problem";
    this.status = status;
    this.fields = fields || {};
    this.body = body || {};
  }

  // 403 of a task route while the charter in force is not accepted.
  get charter() {
    return this.status === 403 && /charte/.test(this.message);
  }
}

export function isExpired(error) {
  return error instanceof SessionExpired;
}

export async function problem(response) {
  let body = null;
  try {
    body = await response.json();
  } catch (error) {
    body = null;
  }
  const fields = {};
  const technical = !body || typeof body.detail !== "string" || TECHNICAL.test(body.detail);
  for (const item of (body && body.errors) || []) {
    fields[item.field] = technical ? "Valeur refusée : vérifiez ce champ." : item.message;
  }
  let message;
  if (response.status === 429) {
    message = "Trop de demandes en peu de temps : réessayez dans " + (response.headers.get("Retry-After") || "60") + " secondes.";
  } else if (!technical) {
    message = body.detail;
  } else if (Object.keys(fields).length) {
    message = "Vérifiez les champs signalés.";
  } else if (response.status === 404) {
    message = "Introuvable : l'élément demandé n'existe pas ou plus.";
  } else {
    message = "Le service n'a pas pu répondre (erreur " + response.status + "). Réessayez plus tard.";
  }
  return new Problem(message, response.status, fields, body);
}

export async function call(path, options) {
  const { method = "GET", json, body, contentType, accept = "application/json" } = options || {};
  const send = async (token) => {
    const headers = { accept, authorization: "Bearer " + token };
    if (json !== undefined) headers["content-type"] = "application/json";
    else if (contentType) headers["content-type"] = contentType;
    try {
      return await fetch(path, { method, headers, body: json !== undefined ? JSON.stringify(json) : body });
    } catch (error) {
      throw new Error(OFFLINE);
    }
  };
  let response;
  try {
    response = await send(await accessToken());
    if (response.status === 401) {
      response = await send(await accessToken(true));
      if (response.status === 401) throw expireSession();
    }
  } catch (error) {
    if (error instanceof TypeError) throw new Error(OFFLINE);
    throw error;
  }
  return response;
}

// The JSON answer of a route, or a Problem.
export async function request(path, options) {
  const response = await call(path, options);
  if (!response.ok) throw await problem(response);
  if (response.status === 204) return null;
  return response.json();
}

// Reads an SSE answer: onEvent(name, data) for each event; the payload of "done".
export async function readEvents(response, onEvent) {
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let buffer = "";
  let done = null;
  let failure = null;
  for (;;) {
    const chunk = await reader.read();
    if (chunk.done) break;
    buffer += decoder.decode(chunk.value, { stream: true }).replace(/\r\n/g, "\n");
    let cut;
    while ((cut = buffer.indexOf("\n\n")) >= 0) {
      const block = buffer.slice(0, cut);
      buffer = buffer.slice(cut + 2);
      let name = "message";
      let data = "";
      for (const line of block.split("\n")) {
        if (line.startsWith("event:")) name = line.slice(6).trim();
        else if (line.startsWith("data:")) data += line.slice(5).trim();
      }
      if (!data) continue;
      const payload = JSON.parse(data);
      if (name === "done") done = payload;
      else if (name === "error") failure = payload;
      else onEvent(name, payload);
    }
  }
  if (done) return done;
  const detail = failure && failure.detail;
  throw new Problem(detail || "Le résultat a été interrompu. Réessayez.", (failure && failure.status) || 502);
}

// Writes the error where the screen shows its errors; a session that expired is already
// told by the page's banner, a charter to accept sends the agent to it.
export function report(error, node) {
  if (error instanceof SessionExpired) return;
  if (error instanceof Problem && error.charter) {
    document.dispatchEvent(new CustomEvent("charte-requise", { detail: error.message }));
  }
  node.textContent = error.message || "Une erreur est survenue. Réessayez.";
}
