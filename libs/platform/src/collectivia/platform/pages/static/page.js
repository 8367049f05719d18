// What every service's page does alike around its screens: one screen shown at a time
// (section.ecran[data-ecran]) and chosen by the address's fragment (#screen/id?query), named
// in the tab's title and marked in the menu; the focus on its title when the person
// navigated (not at the first load); the sign-in screen and the account; the menu's keyboard
// shortcuts (Alt + Shift + letter); the banner of an expired session; the return from
// Keycloak. The page's main.js calls start() with its screens and what shows them.
"use strict";

import { $, announce } from "./dom.js";
import * as auth from "./auth.js";

// The options given to start().
let page = null;
let moveFocus = false;

// Where the address's fragment points: the screen, the id of what it shows, the query.
export function target() {
  const [path, query] = window.location.hash.replace(/^#/, "").split("?");
  const [screen, id] = path.split("/");
  return { screen, id: id ? decodeURIComponent(id) : "", params: new URLSearchParams(query || "") };
}

// Shows one screen (section data-ecran=name), marks its menu entry, names the page after
// it; the focus goes to its title when the person navigated (not at the first load).
export function open(name, title) {
  let shown = null;
  for (const section of document.querySelectorAll("main .ecran")) {
    section.hidden = section.dataset.ecran !== name;
    if (!section.hidden) shown = section;
  }
  const menuScreen = page.menuScreens[name] || name;
  for (const link of document.querySelectorAll("#menu a")) {
    if (link.dataset.ecran === menuScreen) link.setAttribute("aria-current", "page");
    else link.removeAttribute("aria-current");
  }
  const heading = shown.querySelector("h1");
  if (title) heading.textContent = title;
  document.title = heading.textContent + " — " + page.application + " — " + document.body.dataset.collectivite;
  if (moveFocus) heading.focus();
  moveFocus = false;
}

export function showSignIn(message) {
  $("menu").hidden = true;
  $("compte").hidden = true;
  open("connexion");
  $("connexion-erreur").textContent = message || "";
}

function showAccount() {
  const person = auth.agent();
  const services = person.departments.length ? " — " + person.departments.join(", ") : "";
  $("compte-nom").textContent = "Connecté : " + person.name + services;
  $("compte").hidden = false;
}

// The next screen opened takes the focus (the person asked for it).
export function focusNext() {
  moveFocus = true;
}

// ``initial``: the page just loaded (an unknown fragment then means the default screen).
async function route(initial) {
  const where = target();
  if (where.screen && !page.screens.includes(where.screen)) {
    // An anchor inside the page (the skip link): the browser moves the focus itself.
    moveFocus = false;
    if (!initial) return;
  }
  if (!auth.signedIn()) {
    showSignIn();
    return;
  }
  showAccount();
  await page.show(where);
}

// Shows the screen of the fragment again, its title focused.
export function navigate() {
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
    $("session-message").textContent = page.expired;
  });
}

// Starts the page. ``options``: application (its name, in the tab's title), screens (the
// fragments' screens, those of the menu first), menuScreens ({detail screen: its menu's
// screen}), expired (the banner's message when the session is over), show(where) (shows the
// screen of target(), the person signed in), bind() (the screens' own listeners), signOut
// (what the sign-out button does; auth.signOut unless given).
export async function start(options) {
  page = { menuScreens: {}, bind: () => {}, signOut: auth.signOut, ...options };
  auth.onExpired(sessionExpired);
  document.addEventListener("keydown", shortcuts);
  window.addEventListener("hashchange", navigate);
  // A click on the menu entry of the screen already shown goes back to its top.
  $("menu").addEventListener("click", (event) => {
    const link = event.target.closest("a");
    if (link && window.location.hash === "#" + link.dataset.ecran) navigate();
  });
  $("connexion").addEventListener("click", () => auth.signIn().catch((error) => showSignIn(error.message)));
  $("reconnexion").addEventListener("click", () =>
    auth.signIn(window.location.hash).catch((error) => {
      $("session-message").textContent = error.message;
    }),
  );
  $("deconnexion").addEventListener("click", () => page.signOut());
  page.bind();
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
