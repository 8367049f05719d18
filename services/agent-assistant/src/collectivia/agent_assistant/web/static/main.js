// Intranet page of the agent assistant: sign-in, screens (#charte, #demandes, #taches,
// #modeles, #pilotage) chosen by the address's fragment, keyboard shortcuts.
"use strict";

import { $, announce } from "./dom.js";
import * as auth from "./auth.js";
import { Problem } from "./api.js";
import * as drafts from "./drafts.js";
import * as charter from "./charter.js";
import * as inbox from "./inbox.js";
import * as tasks from "./tasks.js";
import * as library from "./library.js";
import * as steering from "./steering.js";

const APPLICATION = "Assistant des agents";
const SCREENS = new Set(["charte", "demandes", "taches", "modeles", "pilotage"]);
const EXPIRED =
  "Votre session a expiré. Ce que vous avez saisi est conservé sur cet onglet : " +
  "reconnectez-vous pour continuer.";

let moveFocus = false;

function target() {
  const [path, query] = window.location.hash.replace(/^#/, "").split("?");
  const [screen, id] = path.split("/");
  return { screen, id: id ? decodeURIComponent(id) : "", params: new URLSearchParams(query || "") };
}

// Shows one screen (section data-ecran=name), marks its menu entry, names the page after
// it; the focus goes to its title when the agent navigated (not at the first load).
function open(name, title) {
  let shown = null;
  for (const section of document.querySelectorAll("main .ecran")) {
    section.hidden = section.dataset.ecran !== name;
    if (!section.hidden) shown = section;
  }
  const menuScreen = { demande: "demandes", modele: "modeles" }[name] || name;
  for (const link of document.querySelectorAll("#menu a")) {
    if (link.dataset.ecran === menuScreen) link.setAttribute("aria-current", "page");
    else link.removeAttribute("aria-current");
  }
  const heading = shown.querySelector("h1");
  if (title) heading.textContent = title;
  document.title = heading.textContent + " — " + APPLICATION + " — " + document.body.dataset.collectivite;
  if (moveFocus) heading.focus();
  moveFocus = false;
}

function showSignIn(message) {
  $("menu").hidden = true;
  $("compte").hidden = true;
  open("connexion");
  $("connexion-erreur").textContent = message || "";
}

function showAccount() {
  const agent = auth.agent();
  const services = agent.departments.length ? " — " + agent.departments.join(", ") : "";
  $("compte-nom").textContent = "Connecté : " + agent.name + services;
  $("compte").hidden = false;
}

// ``initial``: the page just loaded (an unknown fragment then means the default screen).
async function route(initial) {
  const where = target();
  if (where.screen && !SCREENS.has(where.screen)) {
    // An anchor inside the page (the skip link): the browser moves the focus itself.
    moveFocus = false;
    if (!initial) return;
  }
  if (!auth.signedIn()) {
    showSignIn();
    return;
  }
  showAccount();
  let accepted = false;
  try {
    accepted = await charter.accepted();
  } catch (error) {
    if (error instanceof Problem && error.status === 403) {
      // Signed in, but not an agent: said, with the way out (sign out) still shown.
      showSignIn(error.message);
      $("compte").hidden = false;
      return;
    }
    accepted = false;
  }
  $("menu").hidden = !accepted;
  if (!accepted || where.screen === "charte") {
    await charter.show(open);
    return;
  }
  if (where.screen === "taches") await tasks.show(open, where.id, where.params);
  else if (where.screen === "modeles") await library.show(open, where.id);
  else if (where.screen === "pilotage") await steering.show(open);
  else await inbox.show(open, where.id);
}

function navigate() {
  moveFocus = true;
  route(false);
}

function shortcuts(event) {
  if (event.altKey && event.shiftKey && !event.ctrlKey && !event.metaKey && /^Key[A-Z]$/.test(event.code)) {
    const link = document.querySelector('#menu a[aria-keyshortcuts="Alt+Shift+' + event.code.slice(3) + '"]');
    if (!link || $("menu").hidden) return;
    event.preventDefault();
    const hash = "#" + link.dataset.ecran;
    if (window.location.hash === hash) navigate();
    else window.location.hash = hash;
    return;
  }
  // Ctrl + Enter (Cmd + Enter) in a text area sends its form.
  const field = event.target;
  if (event.key === "Enter" && (event.ctrlKey || event.metaKey) && field.tagName === "TEXTAREA" && field.form) {
    event.preventDefault();
    field.form.requestSubmit();
  }
}

function sessionExpired() {
  const box = $("session");
  box.hidden = false;
  // Written once shown, so that the alert is announced.
  window.requestAnimationFrame(() => {
    $("session-message").textContent = EXPIRED;
  });
}

async function boot() {
  auth.onExpired(sessionExpired);
  document.addEventListener("keydown", shortcuts);
  window.addEventListener("hashchange", navigate);
  // A click on the menu entry of the screen already shown goes back to its top.
  $("menu").addEventListener("click", (event) => {
    const link = event.target.closest("a");
    if (link && window.location.hash === "#" + link.dataset.ecran) navigate();
  });
  $("connexion").addEventListener("click", () => auth.signIn());
  $("reconnexion").addEventListener("click", () => auth.signIn(window.location.hash));
  $("deconnexion").addEventListener("click", () => {
    drafts.forgetAll();
    auth.signOut();
  });
  document.addEventListener("charte-requise", (event) => {
    charter.forget();
    $("menu").hidden = true;
    moveFocus = true;
    charter.show(open, event.detail);
  });
  charter.bind(() => {
    $("menu").hidden = false;
    moveFocus = true;
    if (window.location.hash === "#demandes") route(false);
    else window.location.hash = "#demandes";
  });
  inbox.bind();
  tasks.bind();
  library.bind();
  steering.bind();
  try {
    const back = await auth.completeSignIn();
    if (back !== null) {
      $("session").hidden = true;
      announce("Vous êtes connecté.");
    }
  } catch (error) {
    showSignIn(error.message);
    return;
  }
  await route(true);
}

boot();
