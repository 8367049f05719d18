// Intranet page of the agent assistant: sign-in, screens (#charte, #demandes, #taches,
// #modeles, #pilotage) chosen by the address's fragment, keyboard shortcuts. What every page
// does alike (screens, menu, shortcuts, sign-in, expired session) is shared/page.js.
"use strict";

import { $ } from "./shared/dom.js";
import * as auth from "./shared/auth.js";
import { focusNext, navigate, open, showSignIn, start } from "./shared/page.js";
import { Problem } from "./api.js";
import * as drafts from "./drafts.js";
import * as charter from "./charter.js";
import * as inbox from "./inbox.js";
import * as tasks from "./tasks.js";
import * as library from "./library.js";
import * as steering from "./steering.js";

const EXPIRED =
  "Votre session a expiré. Ce que vous avez saisi est conservé sur cet onglet : " +
  "reconnectez-vous pour continuer.";

// The screen of the address's fragment, the agent signed in: the charter until accepted.
async function show(where) {
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

// Ctrl + Enter (Cmd + Enter) in a text area sends its form.
function sendWithKeyboard(event) {
  const field = event.target;
  if (event.key === "Enter" && (event.ctrlKey || event.metaKey) && field.tagName === "TEXTAREA" && field.form) {
    event.preventDefault();
    field.form.requestSubmit();
  }
}

function bind() {
  document.addEventListener("keydown", sendWithKeyboard);
  document.addEventListener("charte-requise", (event) => {
    charter.forget();
    $("menu").hidden = true;
    focusNext();
    charter.show(open, event.detail);
  });
  charter.bind(() => {
    $("menu").hidden = false;
    if (window.location.hash === "#demandes") navigate();
    else {
      focusNext();
      window.location.hash = "#demandes";
    }
  });
  inbox.bind();
  tasks.bind();
  library.bind();
  steering.bind();
}

start({
  application: "Assistant des agents",
  screens: ["charte", "demandes", "taches", "modeles", "pilotage"],
  menuScreens: { demande: "demandes", modele: "modeles" },
  expired: EXPIRED,
  show,
  bind,
  signOut: () => {
    drafts.forgetAll();
    auth.signOut();
  },
});
