// The assistant's REST API with the agent's token: the pages' shared client (shared/api.js:
// one retry after a refresh on 401, problem details turned into French messages), plus what
// only the assistant needs: the charter's refusals, Server-Sent Events read as they come.
"use strict";

import { Problem, report as reportShared } from "./shared/api.js";

export { Problem, call, isExpired, problem, request } from "./shared/api.js";

// 403 of a task route while the charter in force is not accepted.
export function needsCharter(error) {
  return error instanceof Problem && error.status === 403 && /charte/.test(error.message);
}

// Reads an SSE answer: onEvent(name, data) for each event; the payload of "done".
export async function readEvents(response, onEvent) {
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let buffer = "";
  let done = null;
  let failure = null;
  for (;;) {
    const chunk = await reader.read();
    if (chunk.done) break;
    buffer += decoder.decode(chunk.value, { stream: true }).replace(/\r\n/g, "\n");
    let cut;
    while ((cut = buffer.indexOf("\n\n")) >= 0) {
      const block = buffer.slice(0, cut);
      buffer = buffer.slice(cut + 2);
      let name = "message";
      let data = "";
      for (const line of block.split("\n")) {
        if (line.startsWith("event:")) name = line.slice(6).trim();
        else if (line.startsWith("data:")) data += line.slice(5).trim();
      }
      if (!data) continue;
      const payload = JSON.parse(data);
      if (name === "done") done = payload;
      else if (name === "error") failure = payload;
      else onEvent(name, payload);
    }
  }
  if (done) return done;
  const detail = failure && failure.detail;
  throw new Problem(detail || "Le résultat a été interrompu. Réessayez.", (failure && failure.status) || 502);
}

// Writes the error where the screen shows its errors; a session that expired is already
// told by the page's banner, a charter to accept sends the agent to it.
export function report(error, node) {
  if (needsCharter(error)) {
    document.dispatchEvent(new CustomEvent("charte-requise", { detail: error.message }));
  }
  reportShared(error, node);
}
