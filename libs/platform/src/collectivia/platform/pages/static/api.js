// A service's REST API with the signed-in person's token: one retry after a refresh on 401,
// problem details turned into French messages. Shared by the services' pages; a page adds
// what only it needs in its own api.js (the agents' page: the charter, Server-Sent Events).
"use strict";

import { SessionExpired, accessToken, expireSession } from "./auth.js";

const OFFLINE = "Connexion impossible : vérifiez votre réseau.";
// Details that are not meant for the page's users (English, from the framework): a French one
// instead.
const TECHNICAL = /^(invalid fields|an unexpected error|Not Found|Method Not Allowed|the token)/;

export class Problem extends Error {
  constructor(message, status, fields, body) {
    super(message);
    this.name = "Problem";
    this.status = status;
    this.fields = fields || {};
    this.body = body || {};
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

// ``json`` is sent as JSON; ``body`` as it is, with ``contentType`` if given (a FormData: the
// browser then writes its multipart content type).
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

// Writes the error where the screen shows its errors; a session that expired is already
// told by the page's banner.
export function report(error, node) {
  if (error instanceof SessionExpired) return;
  node.textContent = error.message || "Une erreur est survenue. Réessayez.";
}
