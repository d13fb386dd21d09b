// The page's behaviour: the form becomes a situation, POST /v1/advise answers with the plan's
// JSON, which is shown as a timeline a candidate acts from (verdict first, then a card per
// step with its message ready to copy or open in the mail client). The calendar is the same
// request with Accept: text/calendar. Times are written with Intl in the employer's zone,
// with the visitor's own clock beside them where it differs. Text from the server is only
// ever set as text, never as HTML. The page speaks the plan's language: the one chosen, else
// the employer's country's (as the engine decides), with its words from the server's catalogs.
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
  // The channels, as the server names them: each one's verdict for "now", its noun and what to do by it.
  const NOW = words.now; // verdict -> channel
  const TONES = { wait_until: "wait", too_late: "stop", dont_contact: "stop" };
  for (const verdict of Object.keys(NOW)) TONES[verdict] = "go";
  const DIRECTIONS = ["decides", "forbids", "favours", "disfavours", "neutral"];
  const PARTS = ["opening", "question", "close"];
  // An ISO 8601 moment with its offset, as the plan writes them (and as some reasons quote them).
  const ISO_MOMENT = /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2})/g;
  // The form's fields (name and control), as the server wrote the form; which input a problem's field points at.
  const FIELDS = words.form;
  const INPUTS = Object.fromEntries(FIELDS.filter(({ control }) => control !== "check")
    .map(({ name, control }) => [name, control === "interview" ? "interview-date" : name]));
  const myZone = Intl.DateTimeFormat().resolvedOptions().timeZone || "";
  let lastSituation = null;
  let calendarText = null;
  let language = "en-US"; // the plan's language: a tag the engine writes in
  let lastPlan = null;

  // ---- Words -------------------------------------------------------------------------------
  // The catalogs' language for a tag: every English is "en", plain "pt" is Brazilian Portuguese.
  const spoken = (tag) => (tag.startsWith("en") ? "en" : tag === "pt" ? "pt-BR" : tag);
  // A sentence of the page in the plan's language, its {names} filled in.
  function say(key, values) {
    const text = (words.words[spoken(language)] || words.words.en)[key] || words.words.en[key] || key;
    return text.replace(/\{([a-z_]+)\}/g, (whole, name) => (values && name in values ? values[name] : whole));
  }
  const purposeWords = (purpose) => (words.phrases[spoken(language)] || {})[purpose] || purpose.replace(/_/g, " ");
  const english = () => spoken(language) === "en";
  // A time with the visitor's own beside it, where there is one: "09:00 New York time (15:00 your time)".
  const beside = (main, mine) => (mine ? say("beside", { main, mine }) : main);

  // The language the engine writes the plan in: the one chosen, else the employer's country's
  // (the country given, else the time zone's), else English in the country's variant.
  function planLanguage() {
    const chosen = document.getElementById("language").value;
    const country = document.getElementById("country").value.trim().toUpperCase().split("-")[0] ||
      words.zone_countries[document.getElementById("timezone").value.trim()] || "";
    const tag = chosen || words.country_languages[country] || "en";
    return tag === "pt" ? "pt-BR" : tag;
  }

  // Every word of the page's own in the plan's language; the plan shown, again in it.
  function speak() {
    language = planLanguage();
    document.documentElement.lang = language;
    for (const node of document.querySelectorAll("[data-words]")) node.textContent = say(node.dataset.words);
    for (const option of document.querySelectorAll("#purpose option[value]:not([value=''])")) {
      option.textContent = say(`menu_${option.value}`);
    }
    for (const option of document.querySelectorAll("#industry option")) {
      if (option.dataset.en === undefined) option.dataset.en = option.textContent;
      option.textContent = (words.industries[option.value] || {})[spoken(language)] || option.dataset.en;
    }
  }

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
    let local = null; // in a language other than English: its own short day, with and without the year
    try {
      format = new Intl.DateTimeFormat("en-GB", { timeZone: zone, weekday: "short", day: "numeric", month: "short",
        year: "numeric", hour: "2-digit", minute: "2-digit", hourCycle: "h23" });
      if (!english()) {
        const day = { timeZone: zone, weekday: "short", day: "numeric", month: "short" };
        local = [new Intl.DateTimeFormat(language, day), new Intl.DateTimeFormat(language, { ...day, year: "numeric" })];
      }
    } catch (error) {
      format = null; // a zone this browser does not know: the plan's own offsets are used
    }
    return function (moment) {
      if (format) {
        const got = {};
        for (const part of format.formatToParts(new Date(moment))) got[part.type] = part.value;
        const day = local ? local[0].format(new Date(moment)) : `${got.weekday} ${+got.day} ${got.month}`;
        const dayYear = local ? local[1].format(new Date(moment)) : `${day} ${got.year}`;
        return { day, dayYear, year: +got.year, time: `${got.hour}:${got.minute}` };
      }
      const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})/.exec(moment);
      const weekday = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3])).getUTCDay();
      const day = `${DAYS[weekday]} ${+m[3]} ${MONTHS[+m[2] - 1]}`;
      return { day, dayYear: `${day} ${m[1]}`, year: +m[1], time: `${m[4]}:${m[5]}` };
    };
  }
  // "America/New_York" -> "New York time", as the text report names a clock.
  function zoneLabel(zone) {
    if (!zone || /^(Etc\/|UTC|GMT)/.test(zone)) return "UTC";
    const own = (words.zone_labels[spoken(language)] || {})[zone];
    return own || say("zone", { place: zone.split("/").pop().replace(/_/g, " ") });
  }

  function Clocks(plan) {
    const zone = plan.timezone || plan.situation.timezone;
    const there = clock(zone);
    const here = clock(myZone);
    const year = +String(plan.situation.interview).slice(0, 4);
    const label = zoneLabel(zone);
    const dayText = (p) => (p.year === year ? p.day : p.dayYear);
    const at = (day, time) => say("day_time", { day, time });
    const mine = (time) => say("your_time", { time });
    // Does the visitor's clock differ from the employer's at these moments?
    const differs = (...moments) => myZone !== "" && myZone !== zone &&
      moments.some((m) => { const a = there(m), b = here(m); return a.time !== b.time || a.day !== b.day; });
    function span(start, end, format) {
      const a = format(start), b = format(end);
      return a.day === b.day && a.year === b.year ? at(dayText(a), `${a.time}–${b.time}`)
        : `${at(dayText(a), a.time)} – ${at(dayText(b), b.time)}`;
    }
    return {
      label,
      now: plan.now.at,
      // "Mon 23 Nov, 09:00 New York time" and, where it differs, "15:00 your time".
      both(m) {
        const p = there(m);
        const main = `${at(dayText(p), p.time)} ${label}`;
        const time = `${p.time} ${label}`; // the moment's time alone, for a moment of a day already named
        if (!differs(m)) return { main, time, mine: "" };
        const q = here(m);
        return { main, time, mine: mine(q.day === p.day ? q.time : at(dayText(q), q.time)) };
      },
      range(start, end) {
        const main = `${span(start, end, there)} ${label}`;
        if (!differs(start, end)) return { main, mine: "" };
        const a = there(start), b = here(start), c = here(end);
        const sameDay = a.day === b.day && b.day === c.day;
        return { main, mine: mine(sameDay ? `${b.time}–${c.time}` : span(start, end, here)) };
      },
      // A sentence from the server with its ISO moments and the zone's name written for people.
      words: (text) => String(text).replace(ISO_MOMENT, (m) => `${at(dayText(there(m)), there(m).time)} ${label}`)
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
    // The plan's sentences (reasons, notes) in its language, as a person reads them.
    const url = "/v1/advise?sentences=plan" + (now ? "&now=" + encodeURIComponent(now) : "");
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
    errorBox.textContent = problem.detail || problem.title || say("server_failed");
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
          link.setAttribute("aria-label", say("source_number", { number }));
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
      status.textContent = say("copied");
    } catch (error) {
      selectContents(node);
      status.textContent = say("select_to_copy");
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
      subject.appendChild(el("span", say("label", { label: say("subject") }), "label"));
      subject.appendChild(el("span", draft.subject));
      text.appendChild(subject);
      plain += `${say("label", { label: say("subject") })}${draft.subject}\n\n`;
    }
    const script = PARTS.filter((part) => draft[part]);
    if (script.length) {
      const list = el("dl", null, "script");
      for (const part of script) {
        list.appendChild(el("dt", say(part)));
        list.appendChild(el("dd", draft[part]));
        plain += `${say("label", { label: say(part) })}${draft[part]}\n`;
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
    const copyButton = el("button", say("copy"), "secondary copy");
    copyButton.type = "button";
    copyButton.setAttribute("aria-label", say("copy_label", { what: heading }));
    copyButton.addEventListener("click", () => copy(plain.trim(), text, status));
    tools.appendChild(copyButton);
    if (draft.channel === "email") {
      const link = el("a", say("mail_app"), "button-link mailto");
      link.href = mailto(draft.subject, draft.body);
      tools.appendChild(link);
    }
    for (const node of extra || []) tools.appendChild(node);
    tools.appendChild(status);
    box.appendChild(tools);
    if (draft.sources && draft.sources.length) {
      const based = el("p", `${say("based_on")} `, "based");
      based.appendChild(notes.marks(draft.sources));
      box.appendChild(based);
    }
    return box;
  }

  function title(step) {
    const what = purposeWords(step.purpose);
    return say({ none: "step_none", email: "step_email" }[step.action] || "call_to", { what });
  }

  // What to do, as the verdict says it: "send a thank-you e-mail", "call to ask about the status"
  // (the text output's sentences, begun in lower case inside a sentence but where German or
  // Japanese write them as they stand).
  function todo(step) {
    const what = purposeWords(step.purpose);
    let sentence = say("no_contact_to", { what });
    if (step.action === "email") sentence = step.purpose === "thank_you" ? say("thank_you_email") : say("email_to", { what });
    if (step.action === "call") sentence = say("call_to", { what });
    return ["de", "ja"].includes(spoken(language)) ? sentence : sentence.charAt(0).toLowerCase() + sentence.slice(1);
  }

  function timeLine(label, shown) {
    const line = el("p", null, "when");
    line.appendChild(el("span", say("label", { label }), "label"));
    line.appendChild(el("span", shown.main, "there"));
    if (shown.mine) line.appendChild(el("span", beside("", shown.mine), "mine"));
    return line;
  }

  function calendarButton(step, heading) {
    const button = el("button", say("add_to_calendar"), "secondary calendar");
    button.type = "button";
    button.setAttribute("aria-label", say("add_label", { what: heading }));
    button.addEventListener("click", () => saveCalendar(step));
    return button;
  }

  function stepNode(step, number, clocks, notes) {
    const item = el("li", null, `step ${step.action}`);
    const heading = title(step);
    const head = el("h3");
    head.appendChild(el("span", say("step", { number }), "number"));
    head.appendChild(el("span", heading, "title"));
    item.appendChild(head);
    if (step.best && step.best.length) {
      item.appendChild(timeLine(say("best"), clocks.range(step.best[0].start, step.best[0].end)));
      if (step.best.length > 1) {
        const others = step.best.slice(1).map((range) => {
          const shown = clocks.range(range.start, range.end);
          return beside(shown.main, shown.mine);
        });
        item.appendChild(el("p", say("also_good", { times: others.join("; ") }), "also"));
      }
    }
    const passed = step.action !== "none" && !(step.best && step.best.length);
    if (passed) {
      const ended = step.window ? say("passed_until", { moment: clocks.both(step.window.latest).main }) : say("passed");
      item.appendChild(el("p", ended, "also"));
    } else if (step.window) {
      // A window that opened already is told by its end: until when the step can still be done.
      const started = Date.parse(step.window.earliest) <= Date.parse(clocks.now);
      const possible = started ? say("possible_until", { moment: clocks.both(step.window.latest).main })
        : say("possible", { times: clocks.range(step.window.earliest, step.window.latest).main });
      item.appendChild(el("p", possible, "also"));
    }
    const addable = step.action !== "none" && step.best && step.best.length;
    if (step.draft && typeof step.draft === "object" && !passed) {
      const heading2 = step.draft.channel === "call" ? say("say_call") : say("the_email");
      item.appendChild(message(step.draft, heading2, notes, addable ? [calendarButton(step, heading)] : []));
    } else if (addable) {
      const tools = el("div", null, "tools");
      tools.appendChild(calendarButton(step, heading));
      item.appendChild(tools);
    }
    if (step.alternative && typeof step.alternative === "object" && !passed) {
      const letter = el("details", null, "letter");
      letter.appendChild(el("summary", say("or_letter")));
      if (step.alternative.why) {
        const why = el("p", step.alternative.why);
        letter.appendChild(why);
      }
      letter.appendChild(message({ ...step.alternative, sources: step.alternative.sources }, say("the_letter"), notes, []));
      item.appendChild(letter);
    }
    if (step.reasons && step.reasons.length) {
      const details = el("details", null, "why");
      details.appendChild(el("summary", say("why")));
      const list = el("ul", null, "reasons");
      for (const reason of step.reasons) {
        const line = el("li");
        const direction = DIRECTIONS.includes(reason.direction) ? reason.direction : "neutral";
        line.appendChild(el("span", say("label", { label: say(direction) }), "label"));
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
      headline = say("wait_until", { moment: when.main });
      const [first, second] = [when.mine ? say("that_is", { moment: when.mine }) : "", what ? say("then", { what }) : ""];
      detail = first && second ? say("two_sentences", { first, second }) : first || second;
    } else if (NOW[verdict.verdict]) {
      headline = say("now_good", { what: what || clocks.words(verdict.reason) });
      const range = step && step.best.find((r) => Date.parse(r.start) <= Date.parse(verdict.at) &&
        Date.parse(verdict.at) < Date.parse(r.end));
      if (range) {
        const until = clocks.both(range.end);
        detail = say("good_until", { time: beside(until.time, until.mine) });
      }
    } else if (verdict.verdict === "too_late") {
      headline = say("too_late");
      detail = clocks.words(verdict.reason);
    } else if (verdict.verdict === "dont_contact") {
      headline = say("dont_contact");
      detail = clocks.words(verdict.reason);
    } else {
      headline = clocks.words(verdict.reason);
    }
    box.appendChild(el("strong", headline));
    if (detail) {
      const sentence = detail.charAt(0).toUpperCase() + detail.slice(1);
      box.appendChild(el("span", /[.!?。]$/.test(sentence) ? sentence : `${sentence}${say("full_stop")}`));
    }
    const now = clocks.both(verdict.at);
    document.getElementById("clocks").textContent = say(now.mine ? "as_of_mine" : "as_of",
      { moment: beside(now.main, now.mine), zone: clocks.label });
  }

  function render(plan) {
    lastPlan = plan;
    const clocks = Clocks(plan);
    const notes = Footnotes();
    verdictNode(plan, clocks);
    const steps = document.getElementById("steps");
    steps.replaceChildren(...plan.steps.map((step, index) => stepNode(step, index + 1, clocks, notes)));
    // Once following up is over (too late, or nothing to ask), "move on by ..." has nothing to add.
    const over = plan.now.verdict === "too_late" || plan.now.verdict === "dont_contact";
    const moveOn = plan.move_on_after && !over ? clocks.both(plan.move_on_after) : null;
    document.getElementById("move-on").textContent = moveOn
      ? say("move_on", { moment: beside(moveOn.main, moveOn.mine) }) : "";
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
  }

  async function problemOf(response) {
    try {
      return await response.json();
    } catch (error) {
      return { detail: say("server_status", { status: response.status }) };
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
      speak();
      render(await response.json());
      planBox.focus();
    } catch (error) {
      showError({ detail: say("unreachable") });
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
  // the step is for, in the plan's language (each purpose has one step).
  function oneEvent(text, step) {
    const unfolded = text.replace(/\r\n[ \t]/g, "");
    const start = unfolded.indexOf("BEGIN:VEVENT");
    const end = unfolded.lastIndexOf("END:VEVENT") + "END:VEVENT\r\n".length;
    if (start < 0) return null;
    const phrase = purposeWords(step.purpose);
    const events = unfolded.slice(start, end).split(/(?=BEGIN:VEVENT\r\n)/);
    const found = events.find((event) => event.split("\r\n").some((line) =>
      line.startsWith("SUMMARY:") && line.endsWith(phrase)));
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

  // The page's words follow the language the plan will be written in, as it is chosen or
  // follows from the employer's country; a plan on show is kept until the next one is asked for.
  for (const id of ["language", "country", "timezone"]) {
    document.getElementById(id).addEventListener("change", () => {
      const before = language;
      speak();
      if (lastPlan && language !== before) planBox.hidden = true; // a plan in the other language: asked for again
    });
  }

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
  speak();
})();
