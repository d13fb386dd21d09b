// The page's behaviour: the form becomes a situation, POST /v1/advise answers with the plan's
// JSON, which is shown as a timeline a candidate acts from (verdict first, then a card per
// step with its message ready to copy or open in the mail client). The calendar is the same
// request with Accept: text/calendar. Times are written with Intl in the employer's zone,
// with the visitor's own clock beside them where it differs. Text from the server is only
// ever set as text, never as HTML.
"use strict";

(function () {
  const words = JSON.parse(document.getElementById("words").textContent);
  const form = document.getElementById("situation");
  const errorBox = document.getElementById("error");
  const planBox = document.getElementById("plan");
  const download = document.getElementById("download");
  const submit = document.getElementById("submit");
  const query = new URLSearchParams(window.location.search);
  const DAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
  const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
  const capital = (text) => text.charAt(0).toUpperCase() + text.slice(1);
  // The channels, as the server names them: each one's verdict for "now", its noun and what to do by it.
  const NOW = words.now; // verdict -> channel
  const TONES = { wait_until: "wait", too_late: "stop", dont_contact: "stop" };
  for (const verdict of Object.keys(NOW)) TONES[verdict] = "go";
  const ACTIONS = { none: "No contact" };
  for (const [channel, noun] of Object.entries(words.channels)) if (channel !== "none") ACTIONS[channel] = capital(noun);
  const DIRECTIONS = { decides: "Decides", forbids: "Rules out", favours: "For", disfavours: "Against",
    neutral: "Also" };
  const PARTS = { opening: "Open", question: "Ask", close: "Close" };
  // An ISO 8601 moment with its offset, as the plan writes them (and as some reasons quote them).
  const ISO_MOMENT = /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2})/g;
  // The form's fields (name and control), as the server wrote the form; which input a problem's field points at.
  const FIELDS = words.form;
  const INPUTS = Object.fromEntries(FIELDS.filter(({ control }) => control !== "check")
    .map(({ name, control }) => [name, control === "interview" ? "interview-date" : name]));
  const myZone = Intl.DateTimeFormat().resolvedOptions().timeZone || "";
  let lastSituation = null;
  let calendarText = null;

  function el(tag, text, className) {
    const node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = text;
    if (className) node.className = className;
    return node;
  }

  // ---- Times -------------------------------------------------------------------------------
  // The employer's zone is the plan's; the visitor's is the browser's. Each moment is shown
  // as "Mon 23 Nov, 09:00" on one clock; a range within a day as "Mon 23 Nov, 09:00–17:00".
  function clock(zone) {
    let format = null;
    try {
      format = new Intl.DateTimeFormat("en-GB", { timeZone: zone, weekday: "short", day: "numeric", month: "short",
        year: "numeric", hour: "2-digit", minute: "2-digit", hourCycle: "h23" });
    } catch (error) {
      format = null; // a zone this browser does not know: the plan's own offsets are used
    }
    return function (moment) {
      if (format) {
        const got = {};
        for (const part of format.formatToParts(new Date(moment))) got[part.type] = part.value;
        return { day: `${got.weekday} ${+got.day} ${got.month}`, year: +got.year, time: `${got.hour}:${got.minute}` };
      }
      const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})/.exec(moment);
      const weekday = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3])).getUTCDay();
      return { day: `${DAYS[weekday]} ${+m[3]} ${MONTHS[+m[2] - 1]}`, year: +m[1], time: `${m[4]}:${m[5]}` };
    };
  }
  // "America/New_York" -> "New York time", as the text report names a clock.
  function zoneLabel(zone) {
    if (!zone || /^(Etc\/|UTC|GMT)/.test(zone)) return "UTC";
    return `${zone.split("/").pop().replace(/_/g, " ")} time`;
  }

  function Clocks(plan) {
    const zone = plan.timezone || plan.situation.timezone;
    const there = clock(zone);
    const here = clock(myZone);
    const year = +String(plan.situation.interview).slice(0, 4);
    const label = zoneLabel(zone);
    const dayText = (p) => (p.year === year ? p.day : `${p.day} ${p.year}`);
    // Does the visitor's clock differ from the employer's at these moments?
    const differs = (...moments) => myZone !== "" && myZone !== zone &&
      moments.some((m) => { const a = there(m), b = here(m); return a.time !== b.time || a.day !== b.day; });
    function span(start, end, format) {
      const a = format(start), b = format(end);
      return a.day === b.day && a.year === b.year ? `${dayText(a)}, ${a.time}–${b.time}`
        : `${dayText(a)}, ${a.time} – ${dayText(b)}, ${b.time}`;
    }
    return {
      label,
      now: plan.now.at,
      // "Mon 23 Nov, 09:00 New York time" and, where it differs, "15:00 your time".
      both(m) {
        const p = there(m);
        const main = `${dayText(p)}, ${p.time} ${label}`;
        if (!differs(m)) return { main, mine: "" };
        const q = here(m);
        return { main, mine: `${q.day === p.day ? "" : dayText(q) + ", "}${q.time} your time` };
      },
      range(start, end) {
        const main = `${span(start, end, there)} ${label}`;
        if (!differs(start, end)) return { main, mine: "" };
        const a = there(start), b = here(start), c = here(end);
        const sameDay = a.day === b.day && b.day === c.day;
        return { main, mine: sameDay ? `${b.time}–${c.time} your time` : `${span(start, end, here)} your time` };
      },
      // A sentence from the server with its ISO moments and the zone's name written for people.
      words: (text) => String(text).replace(ISO_MOMENT, (m) => `${dayText(there(m))}, ${there(m).time} ${label}`)
        .split(zone).join(zone.split("/").pop().replace(/_/g, " ")),
    };
  }

  // ---- The form and the request ------------------------------------------------------------
  function situation() {
    const value = (id) => document.getElementById(id).value.trim();
    const data = {};
    for (const { name, control } of FIELDS) {
      if (control === "interview") {
        data[name] = `${value("interview-date")}T${value("interview-time")}`;
      } else if (control === "check") {
        if (document.getElementById(name).checked) data[name] = true;
      } else {
        const given = control === "country" ? value(name).toUpperCase() : value(name);
        if (given || control === "zone") data[name] = given; // the zone is required: sent even when empty
      }
    }
    return data;
  }

  function request(body, accept) {
    const now = query.get("now");
    const url = "/v1/advise" + (now ? "?now=" + encodeURIComponent(now) : "");
    return fetch(url, {
      method: "POST", body: JSON.stringify(body),
      headers: { "Content-Type": "application/json", Accept: accept },
    });
  }

  function clearErrors() {
    errorBox.hidden = true;
    errorBox.textContent = "";
    for (const input of form.querySelectorAll("[aria-invalid]")) input.removeAttribute("aria-invalid");
  }

  function showError(problem) {
    errorBox.textContent = problem.detail || problem.title || "The server could not plan this.";
    errorBox.hidden = false;
    const input = problem.field !== undefined ? document.getElementById(INPUTS[problem.field] || "") : null;
    if (input) {
      input.setAttribute("aria-invalid", "true");
      input.setAttribute("aria-errormessage", "error");
      input.focus();
    } else {
      errorBox.focus();
    }
  }

  // ---- Sources as numbered footnotes ------------------------------------------------------------
  function Footnotes() {
    const numbers = new Map();
    const list = [];
    return {
      list,
      // Superscript marks "[1][2]" linking to the footnotes, numbered in order of first use.
      marks(sources) {
        const box = el("span", null, "marks");
        for (const source of sources || []) {
          const key = source.url || source.title;
          if (!numbers.has(key)) {
            list.push(source);
            numbers.set(key, list.length);
          }
          const number = numbers.get(key);
          const link = el("a", `[${number}]`);
          link.href = `#source-${number}`;
          link.setAttribute("aria-label", `source ${number}`);
          const sup = el("sup");
          sup.appendChild(link);
          box.appendChild(sup);
        }
        return box;
      },
    };
  }

  // ---- Copy, with a select-all fallback ---------------------------------------------------------
  function selectContents(node) {
    const range = document.createRange();
    range.selectNodeContents(node);
    const selection = window.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
  }

  async function copy(text, node, status) {
    try {
      if (!navigator.clipboard || !navigator.clipboard.writeText) throw new Error("no clipboard");
      await navigator.clipboard.writeText(text);
      status.textContent = "Copied.";
    } catch (error) {
      selectContents(node);
      status.textContent = "Selected: press Ctrl+C (⌘C on a Mac) to copy.";
    }
  }

  function mailto(subject, body) {
    // RFC 6068: line breaks as CRLF, every part percent-encoded.
    const encode = (text) => encodeURIComponent(text.replace(/\r?\n/g, "\r\n"));
    return `mailto:?subject=${encode(subject || "")}&body=${encode(body || "")}`;
  }

  // ---- A step's message -----------------------------------------------------------------------
  // The e-mail (subject and body), the call's script or the letter, as the person receiving it
  // reads it; ``extra`` buttons go beside Copy.
  function message(draft, heading, notes, extra) {
    const box = el("div", null, `message ${draft.channel || ""}`);
    box.appendChild(el("h4", heading));
    const text = el("div", null, "message-text");
    let plain = "";
    if (draft.subject) {
      const subject = el("p", null, "subject");
      subject.appendChild(el("span", "Subject: ", "label"));
      subject.appendChild(el("span", draft.subject));
      text.appendChild(subject);
      plain += `Subject: ${draft.subject}\n\n`;
    }
    const script = Object.keys(PARTS).filter((part) => draft[part]);
    if (script.length) {
      const list = el("dl", null, "script");
      for (const part of script) {
        list.appendChild(el("dt", PARTS[part]));
        list.appendChild(el("dd", draft[part]));
        plain += `${PARTS[part]}: ${draft[part]}\n`;
      }
      text.appendChild(list);
    }
    if (draft.body) {
      text.appendChild(el("div", draft.body, "body"));
      plain += draft.body;
    }
    box.appendChild(text);
    const tools = el("div", null, "tools");
    const status = el("span", "", "status");
    status.setAttribute("role", "status");
    const copyButton = el("button", "Copy", "secondary copy");
    copyButton.type = "button";
    copyButton.setAttribute("aria-label", `Copy: ${heading}`);
    copyButton.addEventListener("click", () => copy(plain.trim(), text, status));
    tools.appendChild(copyButton);
    if (draft.channel === "email") {
      const link = el("a", "Open in your mail app", "button-link mailto");
      link.href = mailto(draft.subject, draft.body);
      tools.appendChild(link);
    }
    for (const node of extra || []) tools.appendChild(node);
    tools.appendChild(status);
    box.appendChild(tools);
    if (draft.sources && draft.sources.length) {
      const based = el("p", "Based on ", "based");
      based.appendChild(notes.marks(draft.sources));
      box.appendChild(based);
    }
    return box;
  }

  function title(step) {
    const phrase = words.purposes[step.purpose] || step.purpose.replace(/_/g, " ");
    return step.action === "none" ? `No contact to ${phrase}` : `${ACTIONS[step.action] || step.action} to ${phrase}`;
  }

  // What to do, as the verdict says it: "send a thank-you e-mail", "call to ask about the status".
  function todo(step) {
    const phrase = words.purposes[step.purpose] || step.purpose.replace(/_/g, " ");
    const said = words.actions[step.action];
    if (!said) return `don't get in touch to ${phrase}`;
    const text = (step.purpose === "thank_you" ? said.thanks : said.action).replace("{what}", phrase);
    return text.charAt(0).toLowerCase() + text.slice(1);
  }

  function timeLine(label, shown) {
    const line = el("p", null, "when");
    line.appendChild(el("span", `${label}: `, "label"));
    line.appendChild(el("span", shown.main, "there"));
    if (shown.mine) line.appendChild(el("span", ` (${shown.mine})`, "mine"));
    return line;
  }

  function calendarButton(step, heading) {
    const button = el("button", "Add to calendar", "secondary calendar");
    button.type = "button";
    button.setAttribute("aria-label", `Add to calendar: ${heading}`);
    button.addEventListener("click", () => saveCalendar(step));
    return button;
  }

  function stepNode(step, number, clocks, notes) {
    const item = el("li", null, `step ${step.action}`);
    const heading = title(step);
    const head = el("h3");
    head.appendChild(el("span", `Step ${number}`, "number"));
    head.appendChild(el("span", heading, "title"));
    item.appendChild(head);
    if (step.best && step.best.length) {
      item.appendChild(timeLine("Best time", clocks.range(step.best[0].start, step.best[0].end)));
      if (step.best.length > 1) {
        const others = step.best.slice(1).map((range) => {
          const shown = clocks.range(range.start, range.end);
          return shown.mine ? `${shown.main} (${shown.mine})` : shown.main;
        });
        item.appendChild(el("p", `Also good: ${others.join("; ")}`, "also"));
      }
    }
    const passed = step.action !== "none" && !(step.best && step.best.length);
    if (passed) {
      const ended = step.window ? `: it could be done until ${clocks.both(step.window.latest).main}` : "";
      item.appendChild(el("p", `No good time is left for this step${ended}.`, "also"));
    } else if (step.window) {
      // A window that opened already is told by its end: until when the step can still be done.
      const started = Date.parse(step.window.earliest) <= Date.parse(clocks.now);
      const possible = started ? `Possible until ${clocks.both(step.window.latest).main}`
        : `Possible: ${clocks.range(step.window.earliest, step.window.latest).main}`;
      item.appendChild(el("p", possible, "also"));
    }
    const addable = step.action !== "none" && step.best && step.best.length;
    if (step.draft && typeof step.draft === "object" && !passed) {
      const heading2 = step.draft.channel === "call" ? "What to say on the call" : "The e-mail";
      item.appendChild(message(step.draft, heading2, notes, addable ? [calendarButton(step, heading)] : []));
    } else if (addable) {
      const tools = el("div", null, "tools");
      tools.appendChild(calendarButton(step, heading));
      item.appendChild(tools);
    }
    if (step.alternative && typeof step.alternative === "object" && !passed) {
      const letter = el("details", null, "letter");
      letter.appendChild(el("summary", "Or send a letter"));
      if (step.alternative.why) {
        const why = el("p", step.alternative.why);
        letter.appendChild(why);
      }
      letter.appendChild(message({ ...step.alternative, sources: step.alternative.sources }, "The letter", notes, []));
      item.appendChild(letter);
    }
    if (step.reasons && step.reasons.length) {
      const details = el("details", null, "why");
      details.appendChild(el("summary", "Why"));
      const list = el("ul", null, "reasons");
      for (const reason of step.reasons) {
        const line = el("li");
        line.appendChild(el("span", `${DIRECTIONS[reason.direction] || "Also"}: `, "label"));
        line.appendChild(document.createTextNode(clocks.words(reason.why)));
        line.appendChild(notes.marks(reason.sources));
        list.appendChild(line);
      }
      details.appendChild(list);
      item.appendChild(details);
    }
    return item;
  }

  function verdictNode(plan, clocks) {
    const verdict = plan.now;
    const box = document.getElementById("verdict");
    box.className = `verdict ${TONES[verdict.verdict] || "wait"}`;
    box.replaceChildren();
    const step = plan.steps.find((s) => s.purpose === verdict.purpose);
    const what = step ? todo(step) : "";
    let headline = "";
    let detail = "";
    if (verdict.verdict === "wait_until" && verdict.until) {
      const when = clocks.both(verdict.until);
      headline = `Wait until ${when.main}`;
      detail = `${when.mine ? `That is ${when.mine}. ` : ""}${what ? `Then ${what}.` : ""}`;
    } else if (NOW[verdict.verdict]) {
      headline = `Now is a good moment: ${what || words.channels[NOW[verdict.verdict]]}`;
      const range = step && step.best.find((r) => Date.parse(r.start) <= Date.parse(verdict.at) &&
        Date.parse(verdict.at) < Date.parse(r.end));
      if (range) {
        const until = clocks.both(range.end);
        detail = `Good until ${until.main.split(", ").pop()}${until.mine ? ` (${until.mine})` : ""}.`;
      }
    } else if (verdict.verdict === "too_late") {
      headline = "Too late to follow up: move on";
      detail = clocks.words(verdict.reason);
    } else if (verdict.verdict === "dont_contact") {
      headline = "Don't get in touch";
      detail = clocks.words(verdict.reason);
    } else {
      headline = clocks.words(verdict.reason);
    }
    box.appendChild(el("strong", headline));
    if (detail) {
      const sentence = detail.charAt(0).toUpperCase() + detail.slice(1);
      box.appendChild(el("span", /[.!?]$/.test(sentence) ? sentence : `${sentence}.`));
    }
    const now = clocks.both(verdict.at);
    document.getElementById("clocks").textContent =
      `As of ${now.main}${now.mine ? ` (${now.mine})` : ""}. Times are the employer's, ${clocks.label}` +
      (now.mine ? ", with yours beside them." : ".");
  }

  function render(plan) {
    const clocks = Clocks(plan);
    const notes = Footnotes();
    verdictNode(plan, clocks);
    const steps = document.getElementById("steps");
    steps.replaceChildren(...plan.steps.map((step, index) => stepNode(step, index + 1, clocks, notes)));
    // Once following up is over (too late, or nothing to ask), "move on by ..." has nothing to add.
    const over = plan.now.verdict === "too_late" || plan.now.verdict === "dont_contact";
    const moveOn = plan.move_on_after && !over ? clocks.both(plan.move_on_after) : null;
    document.getElementById("move-on").textContent = moveOn
      ? `If you have heard nothing by ${moveOn.main}${moveOn.mine ? ` (${moveOn.mine})` : ""}, move on.` : "";
    document.getElementById("notes").replaceChildren(...(plan.notes || []).map((note) => el("li", clocks.words(note))));
    const sources = document.getElementById("sources");
    sources.replaceChildren(...notes.list.map((source, index) => {
      const item = el("li");
      item.id = `source-${index + 1}`;
      if (source.url) {
        const link = el("a", source.title);
        link.href = source.url;
        link.rel = "noopener noreferrer";
        item.appendChild(link);
      } else {
        item.textContent = source.title;
      }
      return item;
    }));
    document.getElementById("sources-box").hidden = notes.list.length === 0;
    planBox.hidden = false;
    planBox.focus();
  }

  async function problemOf(response) {
    try {
      return await response.json();
    } catch (error) {
      return { detail: `The server answered ${response.status}.` };
    }
  }

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    clearErrors();
    const body = situation();
    submit.disabled = true;
    try {
      const response = await request(body, "application/json");
      if (!response.ok) {
        planBox.hidden = true;
        showError(await problemOf(response));
        return;
      }
      lastSituation = body;
      calendarText = null;
      render(await response.json());
    } catch (error) {
      showError({ detail: "The server could not be reached." });
    } finally {
      submit.disabled = false;
    }
  });

  // ---- Calendar files ---------------------------------------------------------------------------
  function save(text, name) {
    const url = URL.createObjectURL(new Blob([text], { type: "text/calendar" }));
    const link = el("a");
    link.href = url;
    link.download = name;
    document.body.appendChild(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10000);
  }

  // The one event of a step, out of the plan's calendar: the event whose title ends with what
  // the step is for (each purpose has one step).
  function oneEvent(text, step) {
    const unfolded = text.replace(/\r\n[ \t]/g, "");
    const start = unfolded.indexOf("BEGIN:VEVENT");
    const end = unfolded.lastIndexOf("END:VEVENT") + "END:VEVENT\r\n".length;
    if (start < 0) return null;
    const phrase = words.purposes[step.purpose];
    const events = unfolded.slice(start, end).split(/(?=BEGIN:VEVENT\r\n)/);
    const found = events.find((event) => event.split("\r\n").some((line) =>
      line.startsWith("SUMMARY:") && line.endsWith(`: ${phrase}`)));
    return found ? unfolded.slice(0, start) + found + unfolded.slice(end) : null;
  }

  async function calendar() {
    if (calendarText === null) {
      const response = await request(lastSituation, "text/calendar");
      if (!response.ok) {
        showError(await problemOf(response));
        return null;
      }
      calendarText = await response.text();
    }
    return calendarText;
  }

  async function saveCalendar(step) {
    if (!lastSituation) return;
    const text = await calendar();
    if (text === null) return;
    if (!step) {
      save(text, "followup-plan.ics");
      return;
    }
    const one = oneEvent(text, step);
    save(one || text, `followup-${(words.purposes[step.purpose] || step.purpose).replace(/[^a-z]+/gi, "-")}.ics`);
  }

  download.addEventListener("click", () => saveCalendar(null));

  // Start with the visitor's own zone when the engine knows it, and today's date.
  const zoneInput = document.getElementById("timezone");
  if (myZone && !zoneInput.value && document.querySelector(`#zones option[value="${CSS.escape(myZone)}"]`)) {
    zoneInput.value = myZone;
  }
  const dateInput = document.getElementById("interview-date");
  if (!dateInput.value) {
    const day = new Date();
    const pad = (n) => String(n).padStart(2, "0");
    dateInput.value = `${day.getFullYear()}-${pad(day.getMonth() + 1)}-${pad(day.getDate())}`;
  }
})();
