// The commune and the period every screen shows, kept in the address's fragment
// (#tableau?commune=57480&du=2026-01&au=2026-06) so that a screen can be bookmarked and the
// browser's Back button works. An official chooses among the communes of their account; the
// intercommunality's roles among every commune with figures, or all of them at once.
"use strict";

import { $, clear, clearFieldErrors, element, showFieldError } from "./shared/dom.js";
import { accessToken, claims } from "./shared/auth.js";
import { request } from "./shared/api.js";
import { communeName, setCommuneNames } from "./tables.js";

// The roles that see every commune (the others: their own communes only).
export const EVERY_COMMUNE = ["admin", "data-steward"];
const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;
// The indicator whose communes an intercommunality's role may choose from.
const PER_COMMUNE_KPI = "questions-posees";

// What every screen shows: { commune ("" : every commune the person may see), du, au }.
let current = null;
let communes = null;

function monthOf(date) {
  return date.getFullYear() + "-" + String(date.getMonth() + 1).padStart(2, "0");
}

// The last twelve months, the current one included (the service's default too).
function defaultPeriod() {
  const now = new Date();
  return { du: monthOf(new Date(now.getFullYear(), now.getMonth() - 11, 1)), au: monthOf(now) };
}

async function tokenClaims() {
  return claims(await accessToken());
}

export async function seesEveryCommune() {
  const roles = ((await tokenClaims()).realm_access || {}).roles || [];
  return roles.some((role) => EVERY_COMMUNE.includes(role));
}

// The communes offered: { value, label } (value "" for every commune), named from the
// member communes' reference (GET /v1/communes); a commune it lacks shows its code.
export async function communeChoices() {
  if (communes) return communes;
  const own = ((await tokenClaims()).groups || [])
    .filter((group) => group.startsWith("/communes/"))
    .map((group) => group.slice("/communes/".length))
    .sort();
  let named = [];
  try {
    named = await request("/v1/communes");
  } catch (error) {
    named = own.map((code) => ({ code, name: code }));
  }
  setCommuneNames(Object.fromEntries(named.map((commune) => [commune.code, commune.name])));
  const every = await seesEveryCommune();
  let codes = named.map((commune) => commune.code);
  if (every && !codes.length) {
    // No reference yet: the communes with figures, by their codes.
    try {
      const answer = await request("/v1/kpis/" + PER_COMMUNE_KPI + "?group_by=commune");
      codes = answer.cells.map((cell) => cell.dimensions.commune).filter((code) => code);
    } catch (error) {
      codes = [];
    }
  }
  if (!every) codes = own;
  const choices = [...new Set(codes)].map((code) => ({ value: code, label: choiceLabel(code) }));
  communes = every ? [{ value: "", label: "Toutes les communes" }, ...choices] : choices;
  return communes;
}

// "Montigny-lès-Metz (57480)"; "Commune 57480" while the reference lacks it.
function choiceLabel(code) {
  const named = communeName(code, true);
  return named === code ? "Commune " + code : named;
}

// The selection of the address's fragment, completed: the first commune offered and the
// last twelve months by default.
export async function read(params) {
  const choices = await communeChoices();
  const asked = params.get("commune");
  const known = choices.find((choice) => choice.value === asked);
  const period = defaultPeriod();
  const du = MONTH.test(params.get("du") || "") ? params.get("du") : current ? current.du : period.du;
  const au = MONTH.test(params.get("au") || "") ? params.get("au") : current ? current.au : period.au;
  let commune;
  if (known) commune = known.value;
  else if (current && choices.some((choice) => choice.value === current.commune)) commune = current.commune;
  else commune = choices.length ? choices[0].value : "";
  current = { commune, du, au };
  return current;
}

export function selected() {
  return current;
}

// The fragment's query of a selection (and more parameters).
export function query(selection, more) {
  const params = new URLSearchParams();
  if (selection.commune) params.set("commune", selection.commune);
  params.set("du", selection.du);
  params.set("au", selection.au);
  for (const [name, value] of Object.entries(more || {})) if (value) params.set(name, value);
  return params.toString();
}

// The API's query of a selection: commune (for an indicator per commune), from, to.
export function apiQuery(selection, perCommune, more) {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(more || {})) if (value) params.append(name, value);
  if (perCommune && selection.commune) params.set("commune", selection.commune);
  params.set("from", selection.du);
  params.set("to", selection.au);
  return params.toString();
}

// The commune in words, for titles: "commune Montigny-lès-Metz", "toutes les communes".
export function communeLabel(selection) {
  return selection.commune ? "commune " + communeName(selection.commune) : "toutes les communes";
}

// Fills the form ``prefix``-selection with the communes offered and the selection.
export async function fill(prefix, selection) {
  const select = $(prefix + "-commune");
  const choices = await communeChoices();
  clear(select);
  for (const choice of choices) {
    const option = element("option", choice.label, { value: choice.value });
    if (choice.value === selection.commune) option.selected = true;
    select.append(option);
  }
  const form = $(prefix + "-selection");
  clearFieldErrors(form);
  if ($(prefix + "-du")) {
    $(prefix + "-du").value = selection.du;
    $(prefix + "-au").value = selection.au;
  }
}

// The form's selection, or null (the errors shown, the first invalid field focused).
export function submitted(prefix) {
  const form = $(prefix + "-selection");
  clearFieldErrors(form);
  const commune = $(prefix + "-commune").value;
  if (!$(prefix + "-du")) return { ...current, commune };
  const du = $(prefix + "-du").value.trim();
  const au = $(prefix + "-au").value.trim();
  let first = null;
  const refuse = (field, message) => {
    showFieldError(field, message);
    first = first || field;
  };
  if (!MONTH.test(du)) refuse($(prefix + "-du"), "Indiquez le premier mois, au format AAAA-MM (par exemple 2026-01).");
  if (!MONTH.test(au)) refuse($(prefix + "-au"), "Indiquez le dernier mois, au format AAAA-MM (par exemple 2026-06).");
  if (!first && du > au) refuse($(prefix + "-du"), "Le premier mois doit venir avant le dernier (ou être le même).");
  if (first) {
    first.focus();
    return null;
  }
  return { commune, du, au };
}
