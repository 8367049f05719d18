// Drafts: what the agent types is kept in sessionStorage (this tab only, gone when it
// closes), so that nothing is lost when the session expires and the agent signs in again.
"use strict";

const PREFIX = "brouillon:";

export function keep(field, key) {
  field.dataset.brouillon = key;
  const saved = window.sessionStorage.getItem(PREFIX + key);
  if (saved !== null) field.value = saved;
  return saved !== null;
}

export function saved(key) {
  return window.sessionStorage.getItem(PREFIX + key);
}

export function store(key, value) {
  window.sessionStorage.setItem(PREFIX + key, value);
}

export function forget(key) {
  window.sessionStorage.removeItem(PREFIX + key);
}

export function forgetAll() {
  for (const key of Object.keys(window.sessionStorage)) {
    if (key.startsWith(PREFIX)) window.sessionStorage.removeItem(key);
  }
}

function remember(event) {
  const field = event.target;
  if (field && field.dataset && field.dataset.brouillon) store(field.dataset.brouillon, field.value);
}

document.addEventListener("input", remember);
document.addEventListener("change", remember);
