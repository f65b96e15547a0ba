/* Study mode (hooks/study.py): self-check questions answered in place, progress on the home page's
   module cards, the review, exam and flashcard pages. Progress lives in this browser's localStorage
   only, under versioned keys; whatever is stored there is checked on read, and anything old,
   foreign or corrupt is ignored. Labels follow the page's language (no Korean on English pages). */
(() => {
  "use strict";
  const KO = (document.documentElement.lang || "").startsWith("ko");
  const T = KO ? {
    choose: (n) => `Q${n}. 답을 고르세요`, right: "정답입니다.", wrong: (a) => `오답입니다. 정답은 ${a}입니다.`,
    score: (c, t) => `이 모듈 점수: ${c}/${t}`, progress: (c, t) => `${c}/${t} 정답`, review: "틀린 문제 복습하기",
    missed: (n) => `${n}문제`, openModule: "모듈 페이지 열기",
    summary: (t, c, w, u) => `전체 ${t}문제 · 정답 ${c} · 오답 ${w} · 미응답 ${u}`, none: "놓친 문제가 없습니다. 모든 문제를 맞혔습니다!",
    section: "관련 절", reset: "내 진도 초기화", resetDone: "진도를 지웠습니다.", module: "모듈",
    count: "문제 수", timer: "타이머 표시(제한 없음)", start: "시험 시작", finish: "채점하기", again: "새 시험 보기",
    elapsed: "지난 시간", of: (i, n) => `문제 ${i}/${n}`, result: "결과", total: (c, n, p) => `점수: ${c}/${n} (${p}%)`,
    time: (t) => `걸린 시간: ${t}`, perModule: "모듈별 결과", correct: "정답", wrongList: "틀린 문제", unanswered: "(미응답)",
    all: "전체", category: "분류", knew: "알았어요", again2: "다시 볼래요", flip: "카드 뒤집기",
    due: (n) => `오늘 볼 카드 ${n}장`, done: "오늘 볼 카드를 모두 봤습니다.", practice: "모든 카드 다시 보기",
    resetCards: "카드 기록 초기화", cardsReset: "카드 기록을 지웠습니다.", box: (b) => `상자 ${b}`, newCard: "새 카드",
    loadError: "문제를 불러오지 못했습니다. 페이지를 새로 고쳐 보세요.",
  } : {
    choose: (n) => `Q${n}. Choose an answer`, right: "Correct.", wrong: (a) => `Not quite. The answer is ${a}.`,
    score: (c, t) => `Your score on this module: ${c}/${t}`, progress: (c, t) => `${c}/${t} correct`, review: "Review what you missed",
    missed: (n) => `${n} ${n === 1 ? "question" : "questions"}`, openModule: "Open the module page",
    summary: (t, c, w, u) => `${t} questions · ${c} correct · ${w} wrong · ${u} unanswered`, none: "Nothing to review: you got every question right!",
    section: "Section", reset: "Reset my progress", resetDone: "Your progress was cleared.", module: "Module",
    count: "Number of questions", timer: "Show a timer (no time limit)", start: "Start the exam", finish: "Score my exam",
    again: "Take a new exam", elapsed: "Time spent", of: (i, n) => `Question ${i} of ${n}`, result: "Result",
    total: (c, n, p) => `Score: ${c}/${n} (${p}%)`, time: (t) => `Time: ${t}`, perModule: "Per module", correct: "Correct",
    wrongList: "Wrong answers", unanswered: "(unanswered)", all: "All", category: "Category", knew: "I knew it",
    again2: "Again", flip: "Flip the card", due: (n) => `${n} cards to see today`, done: "You have seen today's cards.",
    practice: "Go through all cards again", resetCards: "Reset my cards", cardsReset: "Your cards were reset.",
    box: (b) => `Box ${b}`, newCard: "New card", loadError: "The questions could not be loaded. Try reloading the page.",
  };

  // ---------------------------------------------------------------------------------------------
  // Storage: {"03-networking-1/2": {"a": "B", "ok": true}} and {"vpc": {"b": 2, "d": 20420}}

  const ANSWERS = "aws-notes:v1:answers";
  const CARDS = "aws-notes:v1:cards";
  const QID = /^\d\d-[a-z0-9-]+\/\d{1,3}$/;
  const TERM = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
  const isAnswer = (k, v) => QID.test(k) && v && typeof v === "object" && /^[A-F]$/.test(v.a) && typeof v.ok === "boolean";
  const isCard = (k, v) => TERM.test(k) && v && typeof v === "object" && Number.isInteger(v.b) && v.b >= 1 && v.b <= 5
    && Number.isInteger(v.d) && v.d > 0 && v.d < 1e6;

  function load(key, valid) {
    const out = {};
    try {
      const data = JSON.parse(localStorage.getItem(key) || "{}");
      if (data && typeof data === "object" && !Array.isArray(data)) {
        for (const [k, v] of Object.entries(data)) if (valid(k, v)) out[k] = v;
      }
    } catch (e) { /* corrupt or unavailable: start afresh */ }
    return out;
  }
  function save(key, data) {
    try { localStorage.setItem(key, JSON.stringify(data)); } catch (e) { /* full or blocked: keep going */ }
  }
  function record(id, letter, ok) {
    const answers = load(ANSWERS, isAnswer);
    answers[id] = { a: letter, ok };
    save(ANSWERS, answers);
  }

  // ---------------------------------------------------------------------------------------------
  // Helpers

  const root = (() => {
    try {
      let base = JSON.parse(document.getElementById("__config").textContent).base || ".";
      if (!base.endsWith("/")) base += "/";
      return new URL(base, location.href).href;
    } catch (e) { return new URL(".", location.href).href; }
  })();
  function el(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }
  function html(tag, className, markup) {
    const node = el(tag, className);
    node.innerHTML = markup;
    return node;
  }
  async function json(path) {
    const response = await fetch(root + path);
    if (!response.ok) throw new Error(`${path}: HTTP ${response.status}`);
    return response.json();
  }
  function shuffle(list) {
    for (let i = list.length - 1; i > 0; i--) {
      const j = Math.floor(Math.random() * (i + 1));
      [list[i], list[j]] = [list[j], list[i]];
    }
    return list;
  }
  const sectionLink = (q) => {
    const a = el("a", "study-section-link", `${T.section}: ${q.section_title || q.url}`);
    a.href = root + q.url + (q.section ? "#" + encodeURIComponent(q.section) : "");
    return a;
  };
  let uid = 0;

  // ---------------------------------------------------------------------------------------------
  // One question's form: radio buttons in a fieldset, and a verdict region that announces itself.
  // `instant`: the verdict shows as soon as a choice is made (module and review pages); otherwise
  // when the exam is scored.

  function questionForm(q, instant, onAnswer) {
    const form = el("form", "study-form");
    form.addEventListener("submit", (event) => event.preventDefault());
    const fieldset = el("fieldset");
    fieldset.append(el("legend", "study-legend", T.choose(q.number)));
    const name = `study-${++uid}`;
    for (const choice of q.choices) {
      const label = el("label", "study-choice");
      const input = el("input");
      input.type = "radio";
      input.name = name;
      input.value = choice.letter;
      const text = html("span", "study-choice__text", `<b>${choice.letter}.</b> ${choice.html}`);
      // A link inside a label would steal the click: keep its text, drop the link.
      for (const a of text.querySelectorAll("a")) a.replaceWith(...a.childNodes);
      label.append(input, text);
      fieldset.append(label);
    }
    const verdict = el("div", "study-verdict");
    verdict.setAttribute("aria-live", "polite");
    form.append(fieldset, verdict);
    form.show = () => {
      const chosen = form.querySelector("input:checked");
      verdict.textContent = "";
      for (const label of form.querySelectorAll(".study-choice")) label.classList.remove("is-right", "is-wrong");
      const right = form.querySelector(`input[value="${q.answer}"]`);
      if (right) right.parentElement.classList.add("is-right");
      const ok = chosen && chosen.value === q.answer;
      if (chosen && !ok) chosen.parentElement.classList.add("is-wrong");
      verdict.append(el("p", "study-verdict__result " + (ok ? "is-right" : "is-wrong"), ok ? T.right : T.wrong(q.answer)));
      verdict.append(html("div", "study-verdict__explanation", q.explanation));
    };
    form.choose = (letter) => {
      const input = form.querySelector(`input[value="${letter}"]`);
      if (input) input.checked = true;
    };
    form.chosen = () => (form.querySelector("input:checked") || {}).value || "";
    fieldset.addEventListener("change", () => {
      const letter = form.chosen();
      const ok = letter === q.answer;
      if (instant) {
        record(q.id, letter, ok);
        form.show();
      }
      if (onAnswer) onAnswer(q, letter, ok);
    });
    return form;
  }

  // ---------------------------------------------------------------------------------------------
  // A module page: each `div.study-question` (hooks/study.py) gets its form; the page shows its score.

  // One question per task: a phone's main thread is never held long (Lighthouse's total blocking time).
  const nextTask = () => new Promise((resolve) => setTimeout(resolve));

  async function modulePage(blocks) {
    const answers = load(ANSWERS, isAnswer);
    const score = document.querySelector("p.study-score"); // hooks/study.py: hidden until filled here
    const link = el("a", "", T.review);
    link.href = root + "study/review/";
    const count = el("span");
    score.append(count, " · ", link);
    const update = () => {
      const now = load(ANSWERS, isAnswer);
      const right = blocks.filter((b) => (now[b.dataset.study] || {}).ok).length;
      count.textContent = T.score(right, blocks.length);
    };
    score.hidden = false;
    update(); // from what is stored: right before the forms are built
    for (const block of blocks) {
      await nextTask();
      const list = block.querySelector(":scope > ul");
      const details = block.querySelector(":scope > details.question");
      if (!list || !details) continue;
      const q = {
        id: block.dataset.study,
        number: Number(block.dataset.study.split("/")[1]),
        answer: block.dataset.answer,
        choices: [...list.children].map((li) => ({
          letter: li.textContent.trim().charAt(0),
          html: li.innerHTML.replace(/^\s*[A-F]\.\s*/, ""),
        })),
        explanation: [...details.childNodes].filter((n) => n.nodeName !== "SUMMARY")
          .map((n) => n.outerHTML || n.textContent).join(""),
      };
      const form = questionForm(q, true, update);
      list.hidden = true;
      details.hidden = true;
      list.after(form);
      const stored = answers[q.id];
      if (stored) {
        form.choose(stored.a);
        form.show();
      }
    }
  }

  // The home page: each module card shows how many of its questions were answered right.
  function homePage(links) {
    const answers = load(ANSWERS, isAnswer);
    for (const link of links) {
      const slug = link.dataset.studyModule;
      const total = Number(link.dataset.studyTotal) || 0;
      const right = Object.keys(answers).filter((id) => id.startsWith(slug + "/") && answers[id].ok).length;
      const card = link.closest("li");
      if (!card || !total) continue;
      const badge = el("span", "study-progress", T.progress(Math.min(right, total), total));
      badge.style.setProperty("--study-done", `${Math.round(100 * Math.min(right, total) / total)}%`);
      card.append(badge);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Review: every question not answered right, by module, answerable here. Each module is a
  // collapsed group whose cards are built when it is first opened; a module with a wrong answer
  // opens at once. A first visit (nothing answered) so builds no card: on a phone the page answers
  // at once, and nothing is laid out that the reader has not asked for.

  async function reviewPage(app) {
    const data = await json("study/questions.json");
    const answers = load(ANSWERS, isAnswer);
    const status = el("p", "study-summary");
    const list = el("div", "study-list");
    const right = data.questions.filter((q) => (answers[q.id] || {}).ok).length;
    const wrong = data.questions.filter((q) => answers[q.id] && !answers[q.id].ok).length;
    status.textContent = T.summary(data.questions.length, right, wrong, data.questions.length - right - wrong);
    for (const module of data.modules) {
      const missed = data.questions.filter((q) => q.module === module.slug && !(answers[q.id] || {}).ok);
      if (!missed.length) continue;
      const group = el("details", "study-group");
      group.dataset.studyModule = module.slug;
      group.append(el("summary", "", `${module.title} · ${T.missed(missed.length)}`));
      const fill = () => {
        if (group.dataset.filled !== undefined) return;
        group.dataset.filled = "";
        const link = el("a", "", T.openModule);
        link.href = root + module.url;
        const intro = el("p", "study-group__link");
        intro.append(link);
        group.append(intro, ...missed.map((q) => questionCard(q, true, undefined, answers)));
      };
      group.addEventListener("toggle", () => group.open && fill());
      if (missed.some((q) => answers[q.id])) {
        fill();
        group.open = true;
      }
      list.append(group);
    }
    if (!list.children.length) list.append(el("p", "study-empty", T.none));
    const reset = el("button", "md-button study-reset", T.reset);
    reset.type = "button";
    const said = el("p", "study-status");
    said.setAttribute("role", "status");
    reset.addEventListener("click", () => {
      try { localStorage.removeItem(ANSWERS); } catch (e) { /* nothing stored */ }
      app.replaceChildren();
      reviewPage(app).then(() => { app.querySelector(".study-status").textContent = T.resetDone; });
    });
    app.replaceChildren(status, list, reset, said);
  }

  function questionCard(q, instant, label, answers = load(ANSWERS, isAnswer)) {
    const card = el("div", "study-card-question");
    const head = el("p", "study-question-label", label || `${q.module.slice(0, 2)} · Q${q.number}`);
    const form = questionForm(q, instant);
    card.append(head, html("div", "study-stem", q.stem), form, el("p", "", ""));
    card.lastChild.append(sectionLink(q));
    const stored = answers[q.id];
    if (instant && stored && !stored.ok) form.choose(stored.a);
    card.form = form;
    return card;
  }

  // ---------------------------------------------------------------------------------------------
  // Practice exam

  async function examPage(app) {
    const data = await json("study/questions.json");
    const setup = el("form", "study-setup");
    const sizes = el("fieldset");
    sizes.append(el("legend", "", T.count));
    for (const n of [10, 20, 65].filter((n) => n <= data.questions.length)) {
      const label = el("label", "study-choice study-choice--inline");
      const input = el("input");
      input.type = "radio";
      input.name = "study-size";
      input.value = n;
      input.checked = n === 10;
      label.append(input, ` ${n}`);
      sizes.append(label);
    }
    const timer = el("label", "study-choice study-choice--inline");
    const timerBox = el("input");
    timerBox.type = "checkbox";
    timer.append(timerBox, ` ${T.timer}`);
    const start = el("button", "md-button md-button--primary", T.start);
    start.type = "submit";
    setup.append(sizes, timer, start);
    const area = el("div", "study-exam");
    setup.addEventListener("submit", (event) => {
      event.preventDefault();
      const size = Number(new FormData(setup).get("study-size")) || 10;
      setup.hidden = true;
      runExam(area, data, shuffle([...data.questions]).slice(0, size), timerBox.checked);
    });
    app.replaceChildren(setup, area);
  }

  function runExam(area, data, questions, withTimer) {
    const cards = questions.map((q, i) => questionCard(q, false, T.of(i + 1, questions.length)));
    const clock = el("p", "study-timer");
    clock.setAttribute("role", "timer");
    const started = Date.now();
    const elapsed = () => {
      const s = Math.round((Date.now() - started) / 1000);
      return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, "0")}`;
    };
    let ticking = 0;
    if (withTimer) {
      clock.textContent = `${T.elapsed} 0:00`;
      ticking = setInterval(() => { clock.textContent = `${T.elapsed} ${elapsed()}`; }, 1000);
    }
    const finish = el("button", "md-button md-button--primary", T.finish);
    finish.type = "button";
    const results = el("section", "study-results");
    finish.addEventListener("click", () => {
      clearInterval(ticking);
      finish.disabled = true;
      const outcome = questions.map((q, i) => {
        const letter = cards[i].form.chosen();
        const ok = letter === q.answer;
        if (letter) record(q.id, letter, ok);
        cards[i].form.show();
        for (const input of cards[i].form.querySelectorAll("input")) input.disabled = true;
        return { q, letter, ok };
      });
      showResults(results, data, outcome, withTimer ? elapsed() : "");
    });
    area.replaceChildren(...(withTimer ? [clock] : []), ...cards, finish, results);
    cards[0].querySelector("input").focus();
  }

  function showResults(results, data, outcome, time) {
    const right = outcome.filter((o) => o.ok).length;
    const heading = el("h2", "", T.result);
    heading.tabIndex = -1;
    const parts = [heading, el("p", "study-total", T.total(right, outcome.length, Math.round(100 * right / outcome.length)))];
    if (time) parts.push(el("p", "", T.time(time)));
    const table = el("table");
    const headRow = table.createTHead().insertRow();
    for (const text of [T.module, T.correct]) headRow.append(el("th", "", text));
    const body = table.createTBody();
    for (const module of data.modules) {
      const mine = outcome.filter((o) => o.q.module === module.slug);
      if (!mine.length) continue;
      const row = body.insertRow();
      row.insertCell().textContent = module.title;
      row.insertCell().textContent = `${mine.filter((o) => o.ok).length}/${mine.length}`;
    }
    const wrap = el("div", "md-typeset__scrollwrap");
    wrap.append(table);
    parts.push(el("h3", "", T.perModule), wrap);
    const wrong = outcome.filter((o) => !o.ok);
    if (wrong.length) {
      parts.push(el("h3", "", T.wrongList));
      const list = el("ul", "study-wrong");
      for (const o of wrong) {
        const item = el("li");
        const title = (data.modules.find((m) => m.slug === o.q.module) || {}).title || o.q.module;
        item.append(`${title} · Q${o.q.number}${o.letter ? "" : " " + T.unanswered} — `, sectionLink(o.q));
        list.append(item);
      }
      parts.push(list);
    }
    const again = el("button", "md-button", T.again);
    again.type = "button";
    again.addEventListener("click", () => { location.reload(); });
    parts.push(again);
    results.replaceChildren(...parts);
    heading.focus();
  }

  // ---------------------------------------------------------------------------------------------
  // Flashcards with Leitner boxes: "knew it" moves a card up a box and away for longer.

  const GAP_DAYS = [0, 0, 1, 2, 4, 8]; // by box: box 1 is today, box 5 every 8 days
  const today = () => Math.floor((Date.now() - new Date().getTimezoneOffset() * 60000) / 86400000);

  async function flashcardsPage(app) {
    const data = await json("study/flashcards.json");
    const filters = el("div", "study-filters");
    const moduleSelect = select("study-module", T.module,
      [["", T.all], ...data.modules.map((m) => [String(m.number), m.title])]);
    const categorySelect = select("study-category", T.category,
      [["", T.all], ...Object.entries(data.categories)]);
    filters.append(moduleSelect.wrap, categorySelect.wrap);
    const status = el("p", "study-status");
    status.setAttribute("aria-live", "polite");
    const card = el("button", "study-flashcard");
    card.type = "button";
    const grades = el("div", "study-grades");
    const knew = el("button", "md-button md-button--primary", T.knew);
    const again = el("button", "md-button", T.again2);
    knew.type = again.type = "button";
    grades.append(again, knew);
    const practice = el("button", "md-button study-practice", T.practice);
    practice.type = "button";
    const reset = el("button", "md-button study-reset", T.resetCards);
    reset.type = "button";
    let queue = [];
    let current = null;
    let everything = false;

    const chosen = () => data.cards.filter((c) =>
      (!moduleSelect.input.value || c.modules.includes(Number(moduleSelect.input.value)))
      && (!categorySelect.input.value || c.category === categorySelect.input.value));
    const build = () => {
      const boxes = load(CARDS, isCard);
      const day = today();
      queue = chosen().filter((c) => everything || !boxes[c.id] || boxes[c.id].d <= day);
      queue.sort((a, b) => ((boxes[a.id] || { d: 1e6 }).d - (boxes[b.id] || { d: 1e6 }).d));
      next();
    };
    const next = () => {
      current = queue[0] || null;
      card.classList.remove("is-flipped");
      card.setAttribute("aria-expanded", "false");
      knew.disabled = again.disabled = true;
      card.hidden = grades.hidden = !current;
      practice.hidden = Boolean(current);
      status.textContent = current ? T.due(queue.length) : T.done;
      if (!current) return;
      const box = (load(CARDS, isCard)[current.id] || {}).b;
      const other = el("span", "study-flashcard__other", current.other);
      other.lang = KO ? "en" : "ko";
      card.replaceChildren(
        el("span", "study-flashcard__box", box ? T.box(box) : T.newCard),
        el("span", "study-flashcard__term", current.term), other,
        el("span", "study-flashcard__definition", current.definition),
        el("span", "study-sr-only", ` (${T.flip})`),
      );
    };
    card.addEventListener("click", () => {
      const flipped = card.classList.toggle("is-flipped");
      card.setAttribute("aria-expanded", String(flipped));
      knew.disabled = again.disabled = !flipped;
    });
    const grade = (ok) => {
      if (!current) return;
      const boxes = load(CARDS, isCard);
      const box = ok ? Math.min(5, ((boxes[current.id] || {}).b || 1) + 1) : 1;
      boxes[current.id] = { b: box, d: today() + (ok ? GAP_DAYS[box] : 0) };
      save(CARDS, boxes);
      queue.shift();
      if (!ok) queue.push(current);
      next();
      card.focus();
    };
    knew.addEventListener("click", () => grade(true));
    again.addEventListener("click", () => grade(false));
    practice.addEventListener("click", () => { everything = true; build(); card.focus(); });
    reset.addEventListener("click", () => {
      try { localStorage.removeItem(CARDS); } catch (e) { /* nothing stored */ }
      everything = false;
      build();
      status.textContent = T.cardsReset;
    });
    moduleSelect.input.addEventListener("change", build);
    categorySelect.input.addEventListener("change", build);
    app.replaceChildren(filters, status, card, grades, practice, reset);
    build();
  }

  function select(id, label, options) {
    const wrap = el("p", "study-filter");
    const name = el("label", "", label);
    name.htmlFor = id;
    const input = el("select");
    input.id = id;
    for (const [value, text] of options) {
      const option = el("option", "", text);
      option.value = value;
      input.append(option);
    }
    wrap.append(name, input);
    return { wrap, input };
  }

  // ---------------------------------------------------------------------------------------------

  const pages = { review: reviewPage, exam: examPage, flashcards: flashcardsPage };
  const app = document.querySelector(".study-app[data-study-page]");
  if (app && pages[app.dataset.studyPage]) {
    app.setAttribute("aria-busy", "true");
    pages[app.dataset.studyPage](app)
      .catch(() => { app.replaceChildren(el("p", "study-error", T.loadError)); })
      .finally(() => { app.removeAttribute("aria-busy"); });
  }
  const blocks = [...document.querySelectorAll(".study-question[data-study]")];
  if (blocks.length) modulePage(blocks);
  const cards = [...document.querySelectorAll("a[data-study-module][data-study-total]")];
  if (cards.length) homePage(cards);
})();
