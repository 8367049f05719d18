// The elected officials' page: sign-in, screens (#tableau, #indicateur/<name>, #lacunes,
// #synthese, #previsions) chosen by the address's fragment, keyboard shortcuts. What every page does
// alike (screens, menu, shortcuts, sign-in, expired session) is shared/page.js.
"use strict";

import { $ } from "./shared/dom.js";
import * as auth from "./shared/auth.js";
import { navigate, open, showSignIn, start } from "./shared/page.js";
import * as dashboard from "./dashboard.js";
import * as indicator from "./indicator.js";
import * as gaps from "./gaps.js";
import * as briefing from "./briefing.js";
import * as forecasts from "./forecasts.js";
import * as downloads from "./downloads.js";
import * as questions from "./questions.js";

// The roles the API shows figures to (officials their communes', the others every one).
const READERS = ["official", "admin", "data-steward"];
const NOT_AN_OFFICIAL =
  "L'espace de pilotage est réservé aux élus (rôle « official ») et aux administrateurs : " +
  "votre compte n'a pas ce rôle. Demandez-le au service numérique.";
const EXPIRED = "Votre session a expiré : reconnectez-vous pour continuer. La commune et la période choisies seront gardées.";

async function show(where) {
  if (!auth.agent().roles.some((role) => READERS.includes(role))) {
    showSignIn(NOT_AN_OFFICIAL);
    $("compte").hidden = false;
    return;
  }
  $("menu").hidden = false;
  if (where.screen === "indicateur" && where.id) await indicator.show(open, where);
  else if (where.screen === "lacunes") await gaps.show(open, where);
  else if (where.screen === "synthese") await briefing.show(open, where);
  else if (where.screen === "previsions") await forecasts.show(open, where);
  else await dashboard.show(open, where);
}

start({
  application: "Pilotage des élus",
  screens: ["tableau", "lacunes", "synthese", "previsions", "indicateur"],
  menuScreens: { indicateur: "tableau" },
  expired: EXPIRED,
  show,
  bind: () => {
    downloads.bind();
    dashboard.bind(navigate);
    questions.bind();
    indicator.bind(navigate);
    gaps.bind(navigate);
    briefing.bind(navigate);
    forecasts.bind(navigate);
  },
});
