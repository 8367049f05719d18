// The data stewards' page of the data lake: sign-in, screens (#jeux, #quarantaine,
// #contrats, each with its detail #<screen>/<id>) chosen by the address's fragment,
// keyboard shortcuts. Built like the agents' intranet page (services/agent-assistant).
"use strict";

import { $, announce } from "./dom.js";
import * as auth from "./auth.js";
import * as datasets from "./datasets.js";
import * as quarantine from "./quarantine.js";
import * as contracts from "./contracts.js";

const APPLICATION = "Lac de données";
const SCREENS = new Set(["jeux", "quarantaine", "contrats"]);
// The roles the API lets manage datasets, loads and the quarantine.
const STEWARDS = ["data-steward", "admin"];
const NOT_A_STEWARD =
  "L'espace des administrateurs des données est réservé au rôle « data-steward » " +
  "(ou « admin ») : votre compte ne l'a pas. Demandez-le au service numérique.";
const EXPIRED =
  "Votre session a expiré : reconnectez-vous pour continuer. Le fichier choisi, s'il n'a pas " +
  "été envoyé, devra être choisi de nouveau.";

let moveFocus = false;

function target() {
  const [screen, id] = window.location.hash.replace(/^#/, "").split("/");
  return { screen, id: id ? decodeURIComponent(id) : "" };
}

// Shows one screen (section data-ecran=name), marks its menu entry, names the page after
// it; the focus goes to its title when the steward navigated (not at the first load).
function open(name, title) {
  let shown = null;
  for (const section of document.querySelectorAll("main .ecran")) {
    section.hidden = section.dataset.ecran !== name;
    if (!section.hidden) shown = section;
  }
  const menuScreen = { jeu: "jeux", "quarantaine-fichier": "quarantaine", contrat: "contrats" }[name] || name;
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
  const steward = auth.agent();
  const services = steward.departments.length ? " — " + steward.departments.join(", ") : "";
  $("compte-nom").textContent = "Connecté : " + steward.name + services;
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
  if (!auth.agent().roles.some((role) => STEWARDS.includes(role))) {
    // Signed in, but not a steward: said, with the way out (sign out) still shown.
    showSignIn(NOT_A_STEWARD);
    $("compte").hidden = false;
    return;
  }
  $("menu").hidden = false;
  if (where.screen === "contrats" && where.id) await contracts.showContractScreen(open, where.id);
  else if (where.screen === "contrats") await contracts.showList(open);
  else if (where.screen === "quarantaine" && where.id) await quarantine.showEntryScreen(open, where.id);
  else if (where.screen === "quarantaine") await quarantine.showList(open);
  else if (where.screen === "jeux" && where.id) await datasets.showDataset(open, where.id);
  else await datasets.showList(open);
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
  $("deconnexion").addEventListener("click", () => auth.signOut());
  datasets.bind();
  quarantine.bind();
  contracts.bind();
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
