// The content gaps (#lacunes?commune=…&du=…&au=…): the themes whose questions went
// unanswered, the most first, and the questions asked most often without an answer (each
// asked in enough distinct conversations, shown without personal data).
"use strict";

import { $, clear, element } from "./shared/dom.js";
import { report, request } from "./shared/api.js";
import { number, periodLabel, plural, scrollable, table } from "./tables.js";
import { apiQuery, communeLabel, fill, query, read, submitted } from "./selection.js";

function themesTable(gaps, caption) {
  const shown = gaps.themes.filter((theme) => !theme.suppressed && theme.unanswered !== null);
  return table(
    caption,
    [{ label: "Rang", numeric: true }, { label: "Thème" }, { label: "Questions sans réponse", numeric: true }],
    shown.map((theme, index) => [number(index + 1), theme.theme, number(theme.unanswered)]),
  );
}

function questionsTable(gaps, caption) {
  return table(
    caption,
    [
      { label: "Rang", numeric: true },
      { label: "Question (sans données personnelles)" },
      { label: "Posée", numeric: true },
      { label: "Conversations", numeric: true },
      { label: "Sans réponse", numeric: true },
      { label: "Transmise à un agent", numeric: true },
      { label: "Thèmes" },
    ],
    gaps.questions.map((question, index) => [
      number(index + 1),
      question.question,
      number(question.asked),
      number(question.conversations),
      number(question.refused),
      number(question.handed_over),
      question.themes.join(", "),
    ]),
  );
}

export async function show(open, where) {
  open("lacunes");
  const status = $("lacunes-etat");
  const holder = $("lacunes-liste");
  $("lacunes-erreur").textContent = "";
  clear(holder);
  status.textContent = "Chargement des questions sans réponse…";
  let selection;
  let gaps;
  try {
    selection = await read(where.params);
    await fill("lacunes", selection);
    gaps = await request("/v1/gaps?" + apiQuery(selection, true));
  } catch (error) {
    status.textContent = "";
    report(error, $("lacunes-erreur"));
    return;
  }
  const scope = communeLabel(selection) + ", " + periodLabel(selection.du, selection.au);
  const themes = element("section", null, { class: "bloc", "aria-labelledby": "titre-lacunes-themes" });
  themes.append(element("h2", "Par thème", { id: "titre-lacunes-themes" }));
  const shownThemes = gaps.themes.filter((theme) => !theme.suppressed).length;
  if (shownThemes) themes.append(scrollable(themesTable(gaps, "Questions sans réponse par thème — " + scope)));
  else themes.append(element("p", "Aucun thème à montrer sur la période."));
  const hidden = gaps.themes.length - shownThemes;
  if (hidden) {
    themes.append(
      element(
        "p",
        plural(hidden, "thème compte", "thèmes comptent") + " trop peu de conversations (moins de " +
          gaps.min_conversations + ") pour être chiffré" + (hidden > 1 ? "s" : "") + " (secret statistique).",
        { class: "indice" },
      ),
    );
  }
  const questions = element("section", null, { class: "bloc", "aria-labelledby": "titre-lacunes-questions" });
  questions.append(element("h2", "Questions les plus posées", { id: "titre-lacunes-questions" }));
  if (gaps.questions.length) {
    questions.append(scrollable(questionsTable(gaps, "Questions restées sans réponse, les plus posées d'abord — " + scope)));
  } else {
    questions.append(
      element(
        "p",
        "Aucune question posée dans au moins " + gaps.min_conversations + " conversations différentes sur la période.",
      ),
    );
  }
  holder.append(themes, questions);
  status.textContent =
    plural(shownThemes, "thème", "thèmes") + " et " + plural(gaps.questions.length, "question", "questions") +
    " sans réponse — " + scope + ".";
}

export function bind(navigate) {
  $("lacunes-selection").addEventListener("submit", (event) => {
    event.preventDefault();
    const selection = submitted("lacunes");
    if (!selection) return;
    const hash = "#lacunes?" + query(selection);
    if (window.location.hash === hash) navigate();
    else window.location.hash = hash;
  });
}
