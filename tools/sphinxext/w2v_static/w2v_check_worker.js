/* The Web Worker of the in-page answer checker (tools/sphinxext/w2v_check.py, w2v_check.js).
 *
 * It loads Pyodide from the book's own _static/pyodide/ folder, puts the files listed in
 * pyodide/w2v-check.json (mpmath, sympy and w2vlib, compiled to .pyc in zips) on its sys.path, then answers {type: "check", id, question, text, steps} messages with
 * the verdict of w2vlib.symbolic.answers.check_answer, the same function as the kernel's answer
 * box; a derivation (``steps``, or several lines: w2vlib.symbolic.steps.is_derivation) gets the
 * verdict of w2vlib.symbolic.steps.check_steps, with each step's mark. It never reaches the network. The page enforces the time limit of one answer by
 * terminating this worker (Python here has no alarm signal and no threads).
 *
 * Messages from the page: {type: "start", base}, {type: "prepare", questions}, {type: "check", id,
 * question, text, steps}. Messages to the page: {type: "progress", text}, {type: "ready", seconds},
 * {type: "failed", message}, {type: "started", id} (the reader's answer is being checked: its time
 * limit starts), {type: "result", id, result}.
 */
"use strict";

let checkInPython = null;
let starting = null;

// Runs once in Pyodide, with the libraries on sys.path; defines w2v_check(question_id, text) -> dict.
const PYTHON_SETUP = `
from w2vlib.symbolic.answers import QUESTIONS, check_answer
from w2vlib.symbolic.steps import check_steps, is_derivation


def w2v_check(question_id, text, prepare=False, steps=False):
    if prepare:  # fills check_answer's caches for this question
        check_answer(question_id, QUESTIONS[question_id].canonical)
        return None
    as_steps = bool(steps) or is_derivation(text)
    try:
        feedback = check_steps(question_id, text) if as_steps else check_answer(question_id, text)
    except ValueError as error:  # an unknown question id
        return {"correct": False, "message": str(error), "understood": None, "status": "error", "hint": ""}
    except Exception as error:  # never leave the reader with a traceback (as the kernel's box)
        return {"correct": False, "message": f"The check failed ({type(error).__name__}); please report this.",
                "understood": None, "status": "error", "hint": ""}
    result = {"correct": bool(feedback.correct), "message": feedback.message, "status": feedback.status,
              "code": feedback.code, "hint": "" if feedback.correct else QUESTIONS[question_id].hint}
    if as_steps:
        result.update(understood=None, steps=list(feedback.steps), marks=list(feedback.marks),
                      first_wrong=feedback.first_wrong)
    else:
        result.update(understood=feedback.understood_latex)
    return result
`;

function progress(text) {
  self.postMessage({ type: "progress", text: text });
}

async function fetchBytes(url) {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  return new Uint8Array(await response.arrayBuffer());
}

// The w2vlib zip is served XORed with this key (tools/sphinxext/w2v_check.py, SCRAMBLE_KEY): no file of
// the book holds the exercises' answers as readable text. No secret: a checker holds what it checks.
const SCRAMBLE_KEY = new TextEncoder().encode("w2v-book: a checker holds the answers it checks");

function unscramble(bytes) {
  for (let i = 0; i < bytes.length; i++) bytes[i] ^= SCRAMBLE_KEY[i % SCRAMBLE_KEY.length];
  return bytes;
}

async function start(base) {
  const seconds = {};
  let lap = performance.now();
  const measure = (name) => { const now = performance.now(); seconds[name] = (now - lap) / 1000; lap = now; };
  progress("Loading Python…");
  const manifest = fetch(base + "w2v-check.json").then((response) => response.json());
  const archives = manifest.then((list) => Promise.all(list.path.map(async (name) => [name, await fetchBytes(base + name)])));
  self.importScripts(base + "pyodide.js");
  const pyodide = await self.loadPyodide({ indexURL: base, stdout: () => {}, stderr: () => {} });
  measure("python");
  progress("Loading SymPy…");
  // Zips on sys.path: zipimport reads the compiled modules from them, nothing is unpacked.
  pyodide.FS.mkdirTree("/w2v");
  const scrambled = new Set((await manifest).scrambled || []);
  const paths = (await archives).map(([name, bytes]) => {
    pyodide.FS.writeFile("/w2v/" + name, scrambled.has(name) ? unscramble(bytes) : bytes);
    return "/w2v/" + name;
  });
  pyodide.runPython("import sys\nsys.path[0:0] = " + JSON.stringify(paths));
  measure("libraries");
  pyodide.runPython("import sympy");
  measure("sympy");
  progress("Loading the checker…");
  pyodide.runPython(PYTHON_SETUP);
  checkInPython = pyodide.globals.get("w2v_check");
  measure("checker");
  return seconds;
}

function check(question, text, steps) {
  const proxy = checkInPython.callKwargs(question, text, { steps: Boolean(steps) });
  try {
    return proxy.toJs({ dict_converter: Object.fromEntries });
  } finally {
    proxy.destroy();
  }
}

// The first check of a question computes the right answer at every configuration of its context
// (then cached): do it with the question's own canonical answer, before the reader's answer and
// outside its time limit, which is then the reader's answer's alone.
const prepared = new Set();

function prepare(question) {
  if (prepared.has(question)) return;
  prepared.add(question);
  self.postMessage({ type: "progress", text: "Preparing the question…" });
  try {
    checkInPython.callKwargs(question, "", { prepare: true });
  } catch (error) {
    /* an unknown question: the check itself says so */
  }
}

self.onmessage = async (event) => {
  const message = event.data;
  if (message.type === "prepare") {
    if (starting) await starting.catch(() => {});
    if (checkInPython) message.questions.forEach(prepare);
  } else if (message.type === "start") {
    starting = starting || start(message.base);
    try {
      self.postMessage({ type: "ready", seconds: await starting });  // seconds of each loading step
    } catch (error) {
      self.postMessage({ type: "failed", message: String(error && error.message ? error.message : error) });
    }
  } else if (message.type === "check") {
    let result;
    try {
      prepare(message.question);
      self.postMessage({ type: "started", id: message.id });
      result = check(message.question, message.text, message.steps);
    } catch (error) {
      result = { correct: false, message: "The check failed in the browser: " + String(error).slice(0, 300),
                 understood: null, status: "error", hint: "" };
    }
    self.postMessage({ type: "result", id: message.id, result: result });
  }
};
