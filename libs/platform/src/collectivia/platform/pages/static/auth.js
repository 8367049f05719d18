// Sign-in through Keycloak: authorisation code flow with PKCE (S256), public client, plain
// JavaScript. Tokens stay in this tab (sessionStorage) and are refreshed when they are about
// to expire; when Keycloak's session is over, the listeners are told (the page says so in
// French, and may keep what was typed). Shared by the services' pages: the page's <body>
// names the realm (data-issuer) and the public client (data-client).
"use strict";

const ISSUER = document.body.dataset.issuer;
const CLIENT = document.body.dataset.client;
const ENDPOINT = ISSUER + "/protocol/openid-connect";
const TOKENS = "oidc:jetons";
const PENDING = "oidc:connexion";
// An access token this close to its end is refreshed before use.
const MARGIN_MS = 20000;

export class SessionExpired extends Error {
  constructor() {
    super("Votre session a expiré.");
    this.name = "SessionExpired";
  }
}

const expiryListeners = [];
let refreshing = null;

function base64url(bytes) {
  let text = "";
  for (const byte of bytes) text += String.fromCharCode(byte);
  return btoa(text).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

function randomText(size) {
  return base64url(window.crypto.getRandomValues(new Uint8Array(size)));
}

async function codeChallenge(verifier) {
  const digest = await window.crypto.subtle.digest("SHA-256", new TextEncoder().encode(verifier));
  return base64url(new Uint8Array(digest));
}

// The claims of a JWT (not verified here: the service verifies every token it receives).
export function claims(token) {
  const part = token.split(".")[1].replace(/-/g, "+").replace(/_/g, "/");
  const bytes = Uint8Array.from(atob(part.padEnd(part.length + ((4 - (part.length % 4)) % 4), "=")), (c) =>
    c.charCodeAt(0),
  );
  return JSON.parse(new TextDecoder().decode(bytes));
}

function redirectUri() {
  return window.location.origin + "/";
}

function load() {
  try {
    return JSON.parse(window.sessionStorage.getItem(TOKENS) || "null");
  } catch (error) {
    return null;
  }
}

function save(response) {
  const now = Date.now();
  const previous = load() || {};
  const tokens = {
    access: response.access_token,
    refresh: response.refresh_token || previous.refresh || null,
    id: response.id_token || previous.id || null,
    expiresAt: now + Number(response.expires_in || 60) * 1000,
    refreshExpiresAt: response.refresh_expires_in ? now + Number(response.refresh_expires_in) * 1000 : null,
  };
  window.sessionStorage.setItem(TOKENS, JSON.stringify(tokens));
  return tokens;
}

export function signedIn() {
  return load() !== null;
}

// The signed-in person (an agent, a data steward), from the access token: name,
// departments, roles.
export function agent() {
  const tokens = load();
  if (!tokens) return null;
  const token = claims(tokens.access);
  const groups = token.groups || [];
  return {
    name: token.name || token.preferred_username || "",
    username: token.preferred_username || "",
    departments: groups.filter((g) => g.startsWith("/departments/")).map((g) => g.slice(13)),
    roles: (token.realm_access && token.realm_access.roles) || [],
  };
}

export function onExpired(listener) {
  expiryListeners.push(listener);
}

export function expireSession() {
  window.sessionStorage.removeItem(TOKENS);
  for (const listener of expiryListeners) listener();
  return new SessionExpired();
}

// Keycloak away: said here, in French, rather than by the browser's own error page.
const UNREACHABLE = "Le service de connexion ne répond pas pour l'instant. Réessayez dans quelques instants.";

// Whether Keycloak answers at all (an opaque answer is enough: no CORS needed).
async function identityAnswers() {
  try {
    await fetch(ISSUER + "/.well-known/openid-configuration", { mode: "no-cors", cache: "no-store" });
    return true;
  } catch (error) {
    return false;
  }
}

// A request to Keycloak's token endpoint; a network failure becomes the French message.
async function tokenRequest(body) {
  try {
    return await fetch(ENDPOINT + "/token", { method: "POST", body: new URLSearchParams(body) });
  } catch (error) {
    throw new Error(UNREACHABLE);
  }
}

// Off to Keycloak's login page; ``returnTo`` (a #screen) is where the person comes back.
// Throws the French message when Keycloak does not answer.
export async function signIn(returnTo) {
  if (!(await identityAnswers())) throw new Error(UNREACHABLE);
  const verifier = randomText(48);
  const state = randomText(16);
  const nonce = randomText(16);
  const back = returnTo === undefined ? window.location.hash : returnTo;
  window.sessionStorage.setItem(PENDING, JSON.stringify({ verifier, state, nonce, back }));
  const params = new URLSearchParams({
    client_id: CLIENT,
    response_type: "code",
    scope: "openid",
    redirect_uri: redirectUri(),
    state,
    nonce,
    code_challenge: await codeChallenge(verifier),
    code_challenge_method: "S256",
    ui_locales: "fr",
  });
  window.location.assign(ENDPOINT + "/auth?" + params.toString());
}

// Back from Keycloak (?code=…&state=…): the code exchanged for tokens. Returns the #screen
// to show, or null when the address is not a sign-in's return. Throws a French message.
export async function completeSignIn() {
  const params = new URLSearchParams(window.location.search);
  if (!params.has("state")) return null;
  const pending = JSON.parse(window.sessionStorage.getItem(PENDING) || "null");
  window.sessionStorage.removeItem(PENDING);
  // The code leaves the address bar and the history at once.
  window.history.replaceState(null, "", "/" + ((pending && pending.back) || ""));
  if (params.has("error")) {
    throw new Error("La connexion a été annulée ou refusée. Vous pouvez réessayer.");
  }
  if (!pending || pending.state !== params.get("state") || !params.get("code")) {
    throw new Error("Cette connexion n'a pas pu être vérifiée. Connectez-vous de nouveau.");
  }
  const response = await tokenRequest({
    grant_type: "authorization_code",
    client_id: CLIENT,
    code: params.get("code"),
    redirect_uri: redirectUri(),
    code_verifier: pending.verifier,
  });
  if (!response.ok) {
    throw new Error("La connexion n'a pas abouti (erreur " + response.status + "). Connectez-vous de nouveau.");
  }
  const tokens = await response.json();
  if (!tokens.id_token || claims(tokens.id_token).nonce !== pending.nonce) {
    throw new Error("Cette connexion n'a pas pu être vérifiée. Connectez-vous de nouveau.");
  }
  save(tokens);
  return pending.back || "";
}

async function refresh(tokens) {
  if (!tokens.refresh || (tokens.refreshExpiresAt && tokens.refreshExpiresAt <= Date.now())) {
    throw expireSession();
  }
  const response = await tokenRequest({
    grant_type: "refresh_token",
    client_id: CLIENT,
    refresh_token: tokens.refresh,
  });
  // 400 invalid_grant: the session ended in Keycloak (expired, signed out elsewhere).
  if (response.status === 400 || response.status === 401) throw expireSession();
  if (!response.ok) {
    throw new Error(
      "Le service de connexion ne répond pas (erreur " + response.status + "). Réessayez dans un instant.",
    );
  }
  return save(await response.json()).access;
}

// A valid access token, refreshed if needed; SessionExpired when the session is over.
export async function accessToken(force) {
  const tokens = load();
  if (!tokens) throw expireSession();
  if (!force && tokens.expiresAt - Date.now() > MARGIN_MS) return tokens.access;
  if (!refreshing) {
    refreshing = refresh(tokens).finally(() => {
      refreshing = null;
    });
  }
  return refreshing;
}

export function signOut() {
  const tokens = load();
  window.sessionStorage.removeItem(TOKENS);
  const params = new URLSearchParams({ client_id: CLIENT, post_logout_redirect_uri: redirectUri() });
  if (tokens && tokens.id) params.set("id_token_hint", tokens.id);
  window.location.assign(ENDPOINT + "/logout?" + params.toString());
}
