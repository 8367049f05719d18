// The data stewards' page of the data lake: sign-in, screens (#jeux, #quarantaine,
// #contrats, each with its detail #<screen>/<id>) chosen by the address's fragment,
// keyboard shortcuts. What every page does alike (screens, menu, shortcuts, sign-in, expired
// session) is shared/page.js.
"use strict";

import { $ } from "./shared/dom.js";
import * as auth from "./shared/auth.js";
import { open, showSignIn, start } from "./shared/page.js";
import * as datasets from "./datasets.js";
import * as quarantine from "./quarantine.js";
import * as contracts from "./contracts.js";

// The roles the API lets manage datasets, loads and the quarantine.
const STEWARDS = ["data-steward", "admin"];
const NOT_A_STEWARD =
  "L'espace des administrateurs des données est réservé au rôle « data-steward » " +
  "(ou « admin ») : votre compte ne l'a pas. Demandez-le au service numérique.";
const EXPIRED =
  "Votre session a expiré : reconnectez-vous pour continuer. Le fichier choisi, s'il n'a pas " +
  "été envoyé, devra être choisi de nouveau.";

// The screen of the address's fragment, the person signed in: stewards only.
async function show(where) {
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

start({
  application: "Lac de données",
  screens: ["jeux", "quarantaine", "contrats"],
  menuScreens: { jeu: "jeux", "quarantaine-fichier": "quarantaine", contrat: "contrats" },
  expired: EXPIRED,
  show,
  bind: () => {
    datasets.bind();
    quarantine.bind();
    contracts.bind();
  },
});
