/* Check your answer in the page: the answer boxes of the derivation exercises
 * (<form class="w2v-check" data-question="...">, written by tools/sphinxext/w2v_check.py).
 *
 * The first Check (or the first key typed into a box, so that Python loads while the reader
 * types, and the box's question is prepared) starts a Web Worker (w2v_check_worker.js) that runs Pyodide, SymPy and
 * w2vlib.symbolic from _static/pyodide/: the verdict is the kernel's check_answer, computed in
 * the reader's browser with no server and no network. One answer may take
 * w2vCheck.secondsPerAnswer once Python is loaded and the question prepared (its right answer
 * computed at every configuration, once); after that the worker is terminated (the only way to
 * stop Python there) and a fresh one is started, so a hostile answer cannot hang the page.
 *
 * window.w2vCheck(questionId, text, {steps}) -> Promise of {correct, message, understood, status, code, hint},
 * and for a derivation (steps, or an answer of several lines) {steps, marks, first_wrong} too:
 * w2vlib.symbolic.steps.check_steps marks each step, and a derivation has w2vCheck.secondsPerStep
 * more per line. The boxes of check_steps stubs (data-steps="true") take a derivation, one step per
 * line: there Enter starts a new line and Ctrl+Enter checks.
 * The last answer typed in each box is kept in localStorage ("w2v-answer:<question id>",
 * "w2v-steps:<question id>").
 */
(function () {
  "use strict";

  const START_SECONDS = 180; // loading Python and SymPy on a slow machine
  const PREPARE_SECONDS = 120; // the right answer of a question at every configuration, once
  const STORAGE_PREFIX = "w2v-answer:";
  const STEPS_PREFIX = "w2v-steps:";
  const here = document.currentScript ? document.currentScript.src : document.baseURI;
  const WORKER_URL = new URL("w2v_check_worker.js", here).href;
  const PYODIDE_URL = new URL("pyodide/", here).href;

  let worker = null; // {worker, ready: Promise, onProgress: Set}
  let queue = Promise.resolve(); // answers are checked one after the other
  let nextId = 1;
  const progressListeners = new Set();

  function startWorker() {
    const thread = new Worker(WORKER_URL);
    const state = { thread: thread, results: new Map(), started: new Map(), prepared: new Set() };
    state.ready = new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`Python did not load within ${START_SECONDS} s`)), START_SECONDS * 1000);
      thread.onmessage = (event) => {
        const message = event.data;
        if (message.type === "progress") {
          progressListeners.forEach((listener) => listener(message.text));
        } else if (message.type === "ready") {
          clearTimeout(timer);
          w2vCheck.loadingSeconds = message.seconds; // {python, libraries, sympy, checker}: for the tests' report
          resolve(state);
        } else if (message.type === "failed") {
          clearTimeout(timer);
          reject(new Error(message.message));
        } else if (message.type === "started") {
          const starting = state.started.get(message.id);
          if (starting) starting();
        } else if (message.type === "result") {
          const waiting = state.results.get(message.id);
          if (waiting) waiting(message.result);
        }
      };
      thread.onerror = (event) => {
        clearTimeout(timer);
        const error = event.message || "the checker's worker stopped";
        reject(new Error(error)); // while loading; after that, the answer being checked gets the error
        state.results.forEach((answer) => answer(failure(`The in-page checker failed: ${error}. Check again to restart it.`)));
        stopWorker(state);
      };
    });
    state.ready.catch(() => {}); // reported to the caller that awaits it
    thread.postMessage({ type: "start", base: PYODIDE_URL });
    return state;
  }

  function stopWorker(state) {
    state.thread.terminate();
    if (worker === state) worker = null;
  }

  function failure(message) {
    return { correct: false, message: message, understood: null, status: "error", hint: "" };
  }

  function lineCount(text) {
    return String(text).split(/\n|\\\\/).filter((line) => line.trim()).length;
  }

  async function checkNow(questionId, text, steps) {
    if (window.location.protocol === "file:") {
      return failure("The in-page checker runs Python in a Web Worker, which browsers do not start for a " +
                     "page opened as a file: serve the book (make serve) and open it at http://127.0.0.1:8000/.");
    }
    try {
      worker = worker || startWorker();
    } catch (error) {
      return failure(`The in-page checker could not start: ${error.message}.`);
    }
    const state = worker;
    try {
      await state.ready;
    } catch (error) {
      stopWorker(state);
      return failure(`The in-page checker could not start: ${error.message}.`);
    }
    const id = nextId++;
    const lines = lineCount(text);
    const seconds = w2vCheck.secondsPerAnswer + (steps || lines > 1 ? w2vCheck.secondsPerStep * Math.min(lines, 12) : 0);
    return new Promise((resolve) => {
      const overTime = (message) => () => {
        state.results.delete(id);
        state.started.delete(id);
        stopWorker(state);
        worker = startWorker(); // a fresh Python for the next answer, loading in the background
        resolve(failure(message));
      };
      // Preparing the question (its right answer, computed once) has a generous bound; the
      // reader's answer has secondsPerAnswer from the moment the worker starts on it.
      let timer = setTimeout(overTime(`Preparing the question took longer than ${PREPARE_SECONDS} s.`),
                             PREPARE_SECONDS * 1000);
      state.started.set(id, () => {
        clearTimeout(timer);
        progressListeners.forEach((listener) => listener("Checking…"));
        timer = setTimeout(overTime(
          `The check took longer than ${seconds} s and was stopped. Simplify your answer ` +
          "(expand less, fewer nested powers) and check again."), seconds * 1000);
      });
      state.results.set(id, (result) => {
        clearTimeout(timer);
        state.results.delete(id);
        state.started.delete(id);
        resolve(result);
      });
      state.thread.postMessage({ type: "check", id: id, question: String(questionId), text: String(text),
                                 steps: Boolean(steps) });
    });
  }

  /** Check ``text`` as an answer to ``questionId`` (``options.steps``: as a derivation); resolves to
   * {correct, message, understood, status, code, hint} (and {steps, marks, first_wrong} for a derivation). */
  function w2vCheck(questionId, text, options) {
    const steps = Boolean(options && options.steps);
    const answer = queue.then(() => checkNow(questionId, text, steps));
    queue = answer.catch(() => {});
    return answer;
  }
  w2vCheck.secondsPerAnswer = 12; // once Python is loaded; the tests lower it to see the worker replaced
  w2vCheck.secondsPerStep = 8; // more for each line of a derivation (each step is proved at every size)
  /** Load Python (and prepare ``questionId``) ahead of the first check: called when the reader types. */
  w2vCheck.warmUp = (questionId) => {
    if (window.location.protocol === "file:") return;
    try {
      worker = worker || startWorker();
    } catch (error) {
      return; // reported by the check
    }
    if (questionId && !worker.prepared.has(questionId)) {
      worker.prepared.add(questionId);
      worker.thread.postMessage({ type: "prepare", questions: [String(questionId)] });
    }
  };
  window.w2vCheck = w2vCheck;

  // --- The boxes --------------------------------------------------------------------------------
  function storageGet(key) {
    try { return window.localStorage.getItem(key); } catch (error) { return null; }
  }

  function storageSet(key, value) {
    try { window.localStorage.setItem(key, value); } catch (error) { /* storage disabled: not kept */ }
  }

  function element(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  async function show(resultArea, result) {
    if (window.MathJax && MathJax.typesetClear) MathJax.typesetClear([resultArea]);
    const verdict = element("p", "w2v-check-verdict");
    verdict.append(element("span", result.correct ? "w2v-check-mark w2v-check-right" : "w2v-check-mark w2v-check-wrong",
                           result.correct ? "✓" : "✗"));
    verdict.append(" " + result.message);
    const parts = [verdict];
    if (result.understood) {
      const understood = element("p", "w2v-check-understood", "Understood as: ");
      // Sphinx's inline-math markup, so the book's MathJax typesets it like the prose.
      understood.append(element("span", "math notranslate nohighlight", "\\(" + result.understood + "\\)"));
      parts.push(understood);
    }
    if (result.steps && result.steps.length) parts.push(stepList(result));
    if (!result.correct && result.hint) parts.push(element("p", "w2v-check-hint", "Hint: " + result.hint));
    resultArea.replaceChildren(...parts);
    resultArea.dataset.correct = String(Boolean(result.correct));
    if (window.MathJax && MathJax.typesetPromise) {
      try { await MathJax.typesetPromise([resultArea]); } catch (error) { /* the text stays readable */ }
    }
  }

  /** The derivation as read: a numbered list, each step's math and its mark (✓, ✗, (✗) or ✓*). */
  function stepList(result) {
    const list = element("ol", "w2v-check-steps-list");
    result.steps.forEach((latex, index) => {
      const mark = (result.marks && result.marks[index]) || "";
      const item = element("li", "w2v-check-step");
      item.dataset.mark = mark;
      if (result.first_wrong === index + 1) item.classList.add("w2v-check-first-wrong");
      item.append(element("span", "math notranslate nohighlight", "\\(\\displaystyle = " + latex + "\\)"));
      const kind = mark.startsWith("✓") ? "w2v-check-right" : mark === "✗" ? "w2v-check-wrong" : "w2v-check-follows";
      item.append(" ", element("span", "w2v-check-mark " + kind, mark));
      list.append(item);
    });
    return list;
  }

  function fitHeight(field) {
    field.style.height = "auto";
    field.style.height = field.scrollHeight + 2 + "px";
  }

  function attach(form) {
    const question = form.dataset.question;
    const steps = form.dataset.steps === "true";
    const field = form.querySelector("textarea");
    const button = form.querySelector("button");
    const resultArea = form.querySelector(".w2v-check-result");
    const key = (steps ? STEPS_PREFIX : STORAGE_PREFIX) + question;
    const saved = storageGet(key);
    if (saved) field.value = saved;
    if (field.value) fitHeight(field);

    field.addEventListener("input", () => {
      w2vCheck.warmUp(question); // Python loads, and the question is prepared, while the reader types
      storageSet(key, field.value);
      fitHeight(field);
    });
    field.addEventListener("keydown", (event) => {
      // A derivation's box: Enter starts a new line, Ctrl+Enter (or Cmd+Enter) checks.
      const submits = steps ? event.ctrlKey || event.metaKey : !event.shiftKey;
      if (event.key === "Enter" && submits && !event.isComposing) {
        event.preventDefault();
        form.requestSubmit();
      }
    });
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      if (form.classList.contains("w2v-check-busy")) return;
      if (!field.value.trim()) {
        await show(resultArea, failure("Type an answer first."));
        return;
      }
      storageSet(key, field.value);
      form.classList.add("w2v-check-busy");
      form.setAttribute("aria-busy", "true");
      button.disabled = true;
      const onProgress = (text) => {
        resultArea.dataset.correct = "";
        resultArea.replaceChildren(element("p", "w2v-check-progress", text));
      };
      progressListeners.add(onProgress);
      onProgress(worker ? "Checking…" : "Loading Python…");
      try {
        await show(resultArea, await w2vCheck(question, field.value, { steps: steps }));
      } finally {
        progressListeners.delete(onProgress);
        form.classList.remove("w2v-check-busy");
        form.removeAttribute("aria-busy");
        button.disabled = false;
      }
    });
  }

  function init() {
    document.querySelectorAll("form.w2v-check[data-question]").forEach(attach);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
