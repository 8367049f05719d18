// Citizen page: asks questions over the conversation API and streams the answers (SSE).
// The growing text goes into #flux (aria-hidden); the whole answer, with its sources, is
// put into the live region #reponse once complete, so that it is announced once.
// Everything from the server is written with textContent: no HTML is ever parsed.
// While a handover to an agent is pending, the conversation is read again now and then; the
// agent's reply goes into the same live region, whole, labelled as a person's reply.
// The conversation's opaque id is kept in this browser's local storage, so that a reload
// shows the conversation again (and an agent's reply that came meanwhile); the citizen can
// forget it ("Effacer cette conversation de cet appareil").
"use strict";

(function () {
  const $ = (id) => document.getElementById(id);
  let conversationId = null;
  let conversationCommune = null;
  let lastAnswerId = null;
  let asking = false;
  const STORED = "collectivia-conversation";

  function remember(id, commune) {
    try {
      window.localStorage.setItem(STORED, JSON.stringify({ id, commune }));
    } catch (error) {
      // Storage refused (private browsing, quota): the page works without it.
    }
  }

  function remembered() {
    try {
      const stored = JSON.parse(window.localStorage.getItem(STORED) || "null");
      return stored && typeof stored.id === "string" ? stored : null;
    } catch (error) {
      return null;
    }
  }

  function forget() {
    try {
      window.localStorage.removeItem(STORED);
    } catch (error) {
      // Nothing kept.
    }
  }

  if ("serviceWorker" in navigator) {
    window.addEventListener("load", () => {
      navigator.serviceWorker.register("/sw.js").catch(() => undefined);
    });
  }

  function element(tag, text, attributes) {
    const node = document.createElement(tag);
    if (text) node.textContent = text;
    for (const [name, value] of Object.entries(attributes || {})) node.setAttribute(name, value);
    return node;
  }

  function safeUrl(url) {
    if (!url) return null; // no address: the title alone, not a link to this page
    try {
      const parsed = new URL(url, window.location.href);
      return parsed.protocol === "https:" || parsed.protocol === "http:" ? parsed.href : null;
    } catch (error) {
      return null;
    }
  }

  async function problemText(response) {
    if (response.status === 429) {
      const wait = response.headers.get("Retry-After") || "60";
      return "Trop de questions en peu de temps : réessayez dans " + wait + " secondes.";
    }
    try {
      const problem = await response.json();
      const fields = (problem.errors || []).map((e) => e.message || e.detail).filter(Boolean);
      if (fields.length) return "Vérifiez votre saisie : " + fields.join(" ; ");
      // Every problem the service sends says why in French (its message catalogue).
      if (problem.detail) return problem.detail;
    } catch (error) {
      // Not JSON: the generic message below.
    }
    return "Le service n'a pas pu répondre (erreur " + response.status + "). Réessayez plus tard.";
  }

  function showError(message) {
    $("erreur").textContent = message;
  }

  async function postJson(path, body) {
    return fetch(path, {
      method: "POST",
      headers: { "content-type": "application/json", accept: "application/json" },
      body: JSON.stringify(body),
    });
  }

  async function conversation() {
    const commune = $("commune").value || null;
    if (conversationId && commune === conversationCommune) return conversationId;
    const response = await postJson("/v1/conversations", commune ? { commune } : {});
    if (!response.ok) throw new Error(await problemText(response));
    conversationId = (await response.json()).id;
    conversationCommune = commune;
    remember(conversationId, commune);
    return conversationId;
  }

  // The answer's text holds its own copy of the sources, the disclosure and the register's
  // address, for clients without HTML; the page shows them as a list and links instead. Its
  // body stops at the first of these lines (as answer_body() in answering/texts.py does).
  const SOURCES_LINE = "Sources :";
  const REGISTER_LINE = "Fiche de ce système dans le registre des algorithmes";
  const MARKER = /(\[\d+\])/;

  function paragraphs(answer) {
    const lines = [];
    for (const line of answer.text.split("\n")) {
      if (line === SOURCES_LINE || line === answer.disclosure || line.startsWith(REGISTER_LINE)) {
        break;
      }
      if (line.trim()) lines.push(line);
    }
    return lines;
  }

  // A line's citation markers ([1], [2]...) become links to their numbered sources.
  function citedParagraph(line, answer, numbers) {
    const paragraph = element("p");
    for (const part of line.split(MARKER)) {
      const number = part.slice(1, -1);
      if (MARKER.test(part) && numbers.has(number)) {
        paragraph.append(
          element("a", part, {
            href: "#source-" + answer.answer_id + "-" + number,
            "aria-label": "source " + number,
          }),
        );
      } else if (part) {
        paragraph.append(part);
      }
    }
    return paragraph;
  }

  function formatDate(iso) {
    const day = new Date(iso + "T12:00:00");
    if (Number.isNaN(day.getTime())) return iso;
    return day.toLocaleDateString("fr-FR", { day: "numeric", month: "long", year: "numeric" });
  }

  function renderAnswer(question, answer) {
    const box = element("div", null, { class: "echange" });
    box.append(element("p", "Votre question : " + question, { class: "question-posee" }));
    const numbers = new Set(answer.citations.map((c) => String(c.number)));
    for (const line of paragraphs(answer)) box.append(citedParagraph(line, answer, numbers));
    if (answer.citations.length) {
      box.append(element("h3", "Sources"));
      const list = element("ol", null, { class: "sources" });
      for (const citation of answer.citations) {
        const item = element("li", null, {
          id: "source-" + answer.answer_id + "-" + citation.number,
          value: String(citation.number),
        });
        const href = safeUrl(citation.url);
        item.append(href ? element("a", citation.title, { href }) : citation.title);
        const notes = [];
        if (citation.published) notes.push("publiée le " + formatDate(citation.published));
        if (citation.outdated) notes.push("peut ne plus être à jour");
        if (citation.licence) notes.push("licence : " + citation.licence);
        if (notes.length) item.append(" (" + notes.join(", ") + ")");
        list.append(item);
      }
      box.append(list);
    }
    if (answer.disclosure || answer.register_url) {
      const disclosure = element("p", answer.disclosure + " ", { class: "indice" });
      const register = safeUrl(answer.register_url);
      if (register) disclosure.append(element("a", "Registre des algorithmes", { href: register }));
      box.append(disclosure);
    }
    if (answer.offer_handoff) {
      const offer = element("p", "Cette réponse ne suffit pas ? ");
      offer.append(element("a", "Parler à un agent", { href: "#titre-agent" }));
      box.append(offer);
    }
    return box;
  }

  async function readStream(response, onSentence) {
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
        let event = "message";
        let data = "";
        for (const line of block.split("\n")) {
          if (line.startsWith("event:")) event = line.slice(6).trim();
          else if (line.startsWith("data:")) data += line.slice(5).trim();
        }
        if (!data) continue;
        const payload = JSON.parse(data);
        if (event === "sentence") onSentence(payload.text);
        else if (event === "done") done = payload;
        else if (event === "error") failure = payload.detail;
      }
    }
    if (!done) throw new Error(failure || "La réponse a été interrompue. Réessayez.");
    return done;
  }

  async function ask(event) {
    event.preventDefault();
    if (asking) return;
    const field = $("question");
    const question = field.value.trim();
    showError("");
    if (!question) {
      showError("Écrivez votre question avant de l'envoyer.");
      field.focus();
      return;
    }
    // aria-disabled, not disabled: a disabled button would lose the keyboard focus.
    const button = $("envoyer");
    asking = true;
    button.setAttribute("aria-disabled", "true");
    const stream = $("flux");
    const live = $("reponse");
    // The previous answer leaves the live region (removals are not announced).
    while (live.firstChild) $("historique").prepend(live.firstChild);
    stream.textContent = "";
    try {
      const id = await conversation();
      const response = await fetch("/v1/conversations/" + encodeURIComponent(id) + "/messages", {
        method: "POST",
        headers: { "content-type": "application/json", accept: "text/event-stream" },
        body: JSON.stringify({ question }),
      });
      if (!response.ok) throw new Error(await problemText(response));
      const answer = await readStream(response, (text) => {
        stream.append(element("p", text));
      });
      stream.textContent = "";
      live.append(renderAnswer(question, answer));
      lastAnswerId = answer.answer_id;
      field.value = "";
      resetFeedback();
      $("avis").hidden = false;
      // An emergency handed to the agent on duty: their reply is awaited here.
      if (answer.outcome === "handed_over") watchReplies(id);
    } catch (error) {
      stream.textContent = "";
      showError(error instanceof TypeError ? "Connexion impossible : vérifiez votre réseau." : error.message);
    } finally {
      asking = false;
      button.removeAttribute("aria-disabled");
    }
  }

  // Enter sends the question, Shift+Enter starts a new line (as the hint says).
  function sendOnEnter(event) {
    if (event.key !== "Enter" || event.isComposing) return;
    if (event.shiftKey || event.altKey || event.ctrlKey || event.metaKey) return;
    event.preventDefault();
    $("formulaire-question").requestSubmit();
  }

  function resetFeedback() {
    $("raisons").hidden = true;
    $("raisons").reset();
    $("avis-inutile").setAttribute("aria-expanded", "false");
    $("avis-etat").textContent = "";
    $("avis-utile").removeAttribute("aria-disabled");
    $("avis-inutile").removeAttribute("aria-disabled");
  }

  function feedbackGiven() {
    return $("avis-utile").getAttribute("aria-disabled") === "true";
  }

  async function sendFeedback(body) {
    if (!conversationId || !lastAnswerId || feedbackGiven()) return;
    const path =
      "/v1/conversations/" + encodeURIComponent(conversationId) + "/answers/" +
      encodeURIComponent(lastAnswerId) + "/feedback";
    const response = await postJson(path, body);
    const status = $("avis-etat");
    if (response.ok) {
      status.textContent = "Merci, votre avis a été enregistré.";
      // The buttons stay focusable (aria-disabled); the focus leaves the closing form for
      // the button that opened it.
      const form = $("raisons");
      const focusInForm = form.contains(document.activeElement);
      form.hidden = true;
      $("avis-inutile").setAttribute("aria-expanded", "false");
      $("avis-utile").setAttribute("aria-disabled", "true");
      $("avis-inutile").setAttribute("aria-disabled", "true");
      if (focusInForm) $("avis-inutile").focus();
    } else if (response.status === 409) {
      status.textContent = "Vous avez déjà donné votre avis sur cette réponse.";
    } else {
      status.textContent = await problemText(response);
    }
  }

  function notHelpful() {
    if (feedbackGiven()) return;
    const form = $("raisons");
    form.hidden = !form.hidden;
    $("avis-inutile").setAttribute("aria-expanded", String(!form.hidden));
    if (!form.hidden) form.querySelector("input").focus();
  }

  function reasons(event) {
    event.preventDefault();
    const form = event.target;
    const chosen = Array.from(form.querySelectorAll("input[name=raison]:checked")).map((i) => i.value);
    sendFeedback({
      useful: false,
      reasons: chosen,
      comment: $("commentaire").value,
      report_problem: $("signaler").checked,
    });
  }

  // The agent's reply: checked 2 s after the request, then less and less often (at most once
  // a minute), until no handover of the conversation is pending. Reading a conversation is
  // not counted in the per-client limit on questions; a 429 is waited out all the same.
  const WATCH_FIRST_DELAY_MS = 2000;
  const WATCH_MAX_DELAY_MS = 60000;
  const AGENT_LABEL =
    "Message d'un agent de la collectivité (une personne, pas l'assistant automatique)";
  let watch = null; // { id, timer, delay }: the conversation whose handover is pending
  const agentRepliesShown = new Map(); // conversation id -> how many agent turns are shown

  function watchReplies(id) {
    stopWatching();
    watch = { id, timer: null, delay: WATCH_FIRST_DELAY_MS };
    checkLater(watch, WATCH_FIRST_DELAY_MS);
  }

  function stopWatching() {
    if (watch) clearTimeout(watch.timer);
    watch = null;
  }

  function checkLater(current, delay) {
    clearTimeout(current.timer);
    current.timer = setTimeout(() => checkReplies(current), delay);
  }

  function backOff(current, atLeastMs) {
    current.delay = Math.min(current.delay * 1.5, WATCH_MAX_DELAY_MS);
    checkLater(current, Math.max(current.delay, atLeastMs || 0));
  }

  // Back online, or back on the page: no need to wait for the next check.
  function checkNow() {
    if (watch) checkLater(watch, 0);
  }

  async function checkReplies(current) {
    let conversation;
    try {
      const response = await fetch("/v1/conversations/" + encodeURIComponent(current.id), {
        headers: { accept: "application/json" },
        cache: "no-store",
      });
      if (watch !== current) return; // erased, or another handover, meanwhile
      if (response.status === 404) {
        stopWatching(); // erased or past its retention period: nothing will come
        return;
      }
      if (!response.ok) {
        backOff(current, Number(response.headers.get("Retry-After") || 0) * 1000);
        return;
      }
      conversation = await response.json();
    } catch (error) {
      if (watch === current) backOff(current); // offline: tried again later
      return;
    }
    if (watch !== current) return;
    const replies = conversation.turns.filter((turn) => turn.role === "agent");
    const shown = agentRepliesShown.get(current.id) || 0;
    for (const reply of replies.slice(shown)) showAgentReply(reply);
    agentRepliesShown.set(current.id, Math.max(shown, replies.length));
    if (conversation.handoffs.some((handoff) => handoff.status === "requested")) backOff(current);
    else stopWatching();
  }

  function renderAgentReply(turn) {
    const box = element("div", null, { class: "echange agent" });
    box.append(element("p", AGENT_LABEL, { class: "auteur" }));
    for (const line of turn.text.split("\n")) if (line.trim()) box.append(element("p", line));
    return box;
  }

  // Into the live region at once, whole: announced once. The previous message leaves it
  // first, unless a question is being answered (its answer then follows the reply).
  function showAgentReply(turn) {
    const live = $("reponse");
    if (!asking) while (live.firstChild) $("historique").prepend(live.firstChild);
    live.append(renderAgentReply(turn));
  }

  async function handoff(event) {
    event.preventDefault();
    const status = $("agent-etat");
    const channel = document.querySelector("input[name=canal]:checked").value;
    const contact = $("contact").value.trim();
    if (channel !== "conversation" && !contact) {
      status.textContent = "Indiquez l'adresse électronique ou le numéro de téléphone.";
      $("contact").focus();
      return;
    }
    try {
      const id = await conversation();
      const response = await postJson("/v1/conversations/" + encodeURIComponent(id) + "/handoff", {
        channel,
        contact: channel === "conversation" ? "" : contact,
      });
      if (!response.ok) {
        status.textContent = await problemText(response);
        return;
      }
      const message = (await response.json()).message;
      status.textContent =
        channel === "conversation" ? message + " Gardez cette page ouverte : sa réponse s'y affichera." : message;
      watchReplies(id);
    } catch (error) {
      status.textContent = error instanceof TypeError ? "Connexion impossible : vérifiez votre réseau." : error.message;
    }
  }

  async function erase() {
    const status = $("agent-etat");
    if (!conversationId) {
      status.textContent = "Aucune conversation à effacer.";
      return;
    }
    const response = await fetch("/v1/conversations/" + encodeURIComponent(conversationId), {
      method: "DELETE",
    });
    if (response.ok || response.status === 404) {
      clearPage();
      status.textContent = "Votre conversation a été effacée.";
    } else {
      status.textContent = await problemText(response);
    }
  }

  function clearPage() {
    stopWatching();
    if (conversationId) agentRepliesShown.delete(conversationId);
    forget();
    conversationId = null;
    conversationCommune = null;
    lastAnswerId = null;
    $("reponse").textContent = "";
    $("historique").textContent = "";
    $("avis").hidden = true;
  }

  // Forget the conversation on this device only: the service erases it after its retention
  // period (or at once with "Effacer ma conversation").
  function forgetHere() {
    clearPage();
    $("agent-etat").textContent = "La conversation n'est plus gardée sur cet appareil.";
  }

  // A stored answer as the page shows a fresh one: its disclosure and register address are
  // the two lines the service puts last.
  function storedAnswer(turn) {
    const lines = turn.text.split("\n");
    const at = lines.findIndex((line) => line.startsWith(REGISTER_LINE));
    return {
      text: turn.text,
      citations: turn.citations || [],
      answer_id: turn.answer_id || "",
      disclosure: at > 0 ? lines[at - 1] : "",
      register_url: at >= 0 ? lines[at].slice(lines[at].indexOf(":") + 1).trim() : "",
      offer_handoff: false,
    };
  }

  function renderStored(turns) {
    const history = $("historique");
    let question = null;
    for (const turn of turns) {
      let box = null;
      if (turn.role === "citizen") question = turn.text;
      else if (turn.role === "assistant") box = renderAnswer(question || "", storedAnswer(turn));
      else if (turn.role === "agent") box = renderAgentReply(turn);
      else {
        box = element("div", null, { class: "echange" });
        box.append(element("p", turn.text));
      }
      if (box) history.prepend(box); // newest first, as answers leave the live region
    }
  }

  // Back on the page (a reload, the next day): the conversation this device keeps, with an
  // agent's reply that came meanwhile; one still awaited is watched for again.
  async function restore() {
    const stored = remembered();
    if (!stored) return;
    let found;
    try {
      const response = await fetch("/v1/conversations/" + encodeURIComponent(stored.id), {
        headers: { accept: "application/json" },
        cache: "no-store",
      });
      if (response.status === 404) {
        forget(); // erased, or past its retention period
        return;
      }
      if (!response.ok) return; // tried again at the next visit
      found = await response.json();
    } catch (error) {
      return; // offline: the stored id stays
    }
    conversationId = found.id;
    conversationCommune = found.commune || null;
    if (found.commune) $("commune").value = found.commune;
    renderStored(found.turns);
    agentRepliesShown.set(found.id, found.turns.filter((turn) => turn.role === "agent").length);
    $("agent-etat").textContent = "Votre conversation sur cet appareil a été rouverte.";
    if (found.handoffs.some((handoff) => handoff.status === "requested")) watchReplies(found.id);
  }

  document.addEventListener("DOMContentLoaded", () => {
    // The script serves every page; only the question page has the forms.
    if (!$("formulaire-question")) return;
    $("formulaire-question").addEventListener("submit", ask);
    $("question").addEventListener("keydown", sendOnEnter);
    $("avis-utile").addEventListener("click", () => sendFeedback({ useful: true }));
    $("avis-inutile").addEventListener("click", notHelpful);
    $("raisons").addEventListener("submit", reasons);
    $("agent").addEventListener("submit", handoff);
    $("effacer").addEventListener("click", erase);
    $("oublier").addEventListener("click", forgetHere);
    restore();
    window.addEventListener("online", checkNow);
    document.addEventListener("visibilitychange", () => {
      if (document.visibilityState === "visible") checkNow();
    });
  });
})();
