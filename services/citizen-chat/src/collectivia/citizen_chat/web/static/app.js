// Citizen page: asks questions over the conversation API and streams the answers (SSE).
// The growing text goes into #flux (aria-hidden); the whole answer, with its sources, is
// put into the live region #reponse once complete, so that it is announced once.
// Everything from the server is written with textContent: no HTML is ever parsed.
"use strict";

(function () {
  const $ = (id) => document.getElementById(id);
  let conversationId = null;
  let conversationCommune = null;
  let lastAnswerId = null;

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
    return conversationId;
  }

  function renderAnswer(question, answer) {
    const box = element("div", null, { class: "echange" });
    box.append(element("p", "Votre question : " + question, { class: "question-posee" }));
    const lines = answer.sentences.length
      ? answer.sentences
      : answer.text.split("\n").map((text) => ({ text, citation: null }));
    for (const sentence of lines) {
      if (!sentence.text) continue;
      const paragraph = element("p", sentence.text);
      if (sentence.citation) {
        paragraph.append(" ");
        paragraph.append(
          element("a", "[" + sentence.citation + "]", {
            href: "#source-" + answer.answer_id + "-" + sentence.citation,
            "aria-label": "source " + sentence.citation,
          }),
        );
      }
      box.append(paragraph);
    }
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
        if (citation.published) notes.push("publié le " + citation.published);
        if (citation.outdated) notes.push("peut ne plus être à jour");
        if (notes.length) item.append(" (" + notes.join(", ") + ")");
        list.append(item);
      }
      box.append(list);
    }
    const disclosure = element("p", answer.disclosure + " ", { class: "indice" });
    const register = safeUrl(answer.register_url);
    if (register) disclosure.append(element("a", "Registre des algorithmes", { href: register }));
    box.append(disclosure);
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
      }
    }
    return done;
  }

  async function ask(event) {
    event.preventDefault();
    const field = $("question");
    const question = field.value.trim();
    showError("");
    if (!question) {
      showError("Écrivez votre question avant de l'envoyer.");
      field.focus();
      return;
    }
    const button = $("envoyer");
    button.disabled = true;
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
      if (!answer) throw new Error("La réponse a été interrompue. Réessayez.");
      stream.textContent = "";
      live.append(renderAnswer(question, answer));
      lastAnswerId = answer.answer_id;
      field.value = "";
      resetFeedback();
      $("avis").hidden = false;
    } catch (error) {
      stream.textContent = "";
      showError(error instanceof TypeError ? "Connexion impossible : vérifiez votre réseau." : error.message);
    } finally {
      button.disabled = false;
    }
  }

  function resetFeedback() {
    $("raisons").hidden = true;
    $("raisons").reset();
    $("avis-inutile").setAttribute("aria-expanded", "false");
    $("avis-etat").textContent = "";
    $("avis-utile").disabled = false;
    $("avis-inutile").disabled = false;
  }

  async function sendFeedback(body) {
    if (!conversationId || !lastAnswerId) return;
    const path =
      "/v1/conversations/" + encodeURIComponent(conversationId) + "/answers/" +
      encodeURIComponent(lastAnswerId) + "/feedback";
    const response = await postJson(path, body);
    const status = $("avis-etat");
    if (response.ok) {
      status.textContent = "Merci, votre avis a été enregistré.";
      $("raisons").hidden = true;
      $("avis-utile").disabled = true;
      $("avis-inutile").disabled = true;
    } else if (response.status === 409) {
      status.textContent = "Vous avez déjà donné votre avis sur cette réponse.";
    } else {
      status.textContent = await problemText(response);
    }
  }

  function notHelpful() {
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
      status.textContent = response.ok ? (await response.json()).message : await problemText(response);
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
      conversationId = null;
      lastAnswerId = null;
      $("reponse").textContent = "";
      $("historique").textContent = "";
      $("avis").hidden = true;
      status.textContent = "Votre conversation a été effacée.";
    } else {
      status.textContent = await problemText(response);
    }
  }

  document.addEventListener("DOMContentLoaded", () => {
    $("formulaire-question").addEventListener("submit", ask);
    $("avis-utile").addEventListener("click", () => sendFeedback({ useful: true }));
    $("avis-inutile").addEventListener("click", notHelpful);
    $("raisons").addEventListener("submit", reasons);
    $("agent").addEventListener("submit", handoff);
    $("effacer").addEventListener("click", erase);
  });
})();
