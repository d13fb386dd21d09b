// The page's behaviour: the form becomes a situation, POST /v1/advise answers with the plan's
// JSON, which is shown as a timeline (verdict first); the calendar is the same request with
// Accept: text/calendar. Text from the server is only ever set as text, never as HTML.
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
  const VERDICTS = {
    call_now: ["Call now", "go"], email_now: ["Send the e-mail now", "go"], wait_until: ["Wait", "wait"],
    too_late: ["Too late", "stop"], dont_contact: ["Don't get in touch", "stop"],
  };
  const ACTIONS = { call: "Call", email: "E-mail", none: "No contact" };
  // Which input a problem's field points at.
  const INPUTS = {
    interview: "interview-date", timezone: "timezone", country: "country", industry: "industry",
    purpose: "purpose", promised_reply_by: "promised_reply_by",
    competing_offer_deadline: "competing_offer_deadline", candidate: "candidate", interviewer: "interviewer",
    company: "company", role: "role",
  };
  let lastSituation = null;

  function el(tag, text, className) {
    const node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = text;
    if (className) node.className = className;
    return node;
  }

  // "2026-11-24T10:00:00-05:00" -> "Tue 24 Nov 10:00", in the employer's own clock (as written).
  function parts(moment) {
    const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})/.exec(moment || "");
    if (!m) return null;
    const day = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3])).getUTCDay();
    return { date: `${DAYS[day]} ${+m[3]} ${MONTHS[+m[2] - 1]}`, time: `${m[4]}:${m[5]}`, key: m[1] + m[2] + m[3] };
  }
  function when(moment) {
    const p = parts(moment);
    return p ? `${p.date} ${p.time}` : String(moment);
  }
  function span(start, end) {
    const a = parts(start), b = parts(end);
    if (!a || !b) return `${start} – ${end}`;
    return a.key === b.key ? `${a.date} ${a.time}–${b.time}` : `${a.date} ${a.time} – ${b.date} ${b.time}`;
  }
  function label(key) {
    const text = String(key).replace(/_/g, " ");
    return text.charAt(0).toUpperCase() + text.slice(1);
  }

  function situation() {
    const value = (id) => document.getElementById(id).value.trim();
    const data = { interview: `${value("interview-date")}T${value("interview-time")}`, timezone: value("timezone") };
    const optional = { industry: value("industry"), purpose: value("purpose"), country: value("country").toUpperCase(),
      promised_reply_by: value("promised_reply_by"), competing_offer_deadline: value("competing_offer_deadline"),
      candidate: value("candidate"), interviewer: value("interviewer"), company: value("company"), role: value("role") };
    for (const [key, given] of Object.entries(optional)) if (given) data[key] = given;
    if (document.getElementById("traditional").checked) data.traditional = true;
    if (document.getElementById("heard_back").checked) data.heard_back = true;
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

  // A draft (subject and body of an e-mail, a call's script, ...), whatever its keys.
  function draftNode(draft, title) {
    const box = el("div", null, "draft");
    box.appendChild(el("p", title || "Draft", "tag"));
    const list = el("dl");
    for (const [key, value] of Object.entries(draft)) {
      if (value === null || value === undefined || value === "") continue;
      list.appendChild(el("dt", label(key)));
      const dd = el("dd");
      if (typeof value === "object") {
        dd.appendChild(draftNode(value));
      } else {
        dd.appendChild(el("pre", String(value)));
      }
      list.appendChild(dd);
    }
    box.appendChild(list);
    return box;
  }

  function stepNode(step) {
    const item = el("li");
    const phrase = words.purposes[step.purpose] || label(step.purpose);
    const title = step.action === "none" ? `No contact to ${phrase}` : `${ACTIONS[step.action] || label(step.action)} to ${phrase}`;
    item.appendChild(el("h3", title));
    const facts = el("dl");
    if (step.window) {
      facts.appendChild(el("dt", "Window"));
      facts.appendChild(el("dd", span(step.window.earliest, step.window.latest)));
    }
    if (step.best && step.best.length) {
      facts.appendChild(el("dt", "Best times"));
      const dd = el("dd");
      const list = el("ol", null, "best");
      for (const range of step.best) list.appendChild(el("li", span(range.start, range.end)));
      dd.appendChild(list);
      facts.appendChild(dd);
    }
    item.appendChild(facts);
    if (step.note) item.appendChild(el("p", step.note));
    if (step.draft && typeof step.draft === "object") item.appendChild(draftNode(step.draft));
    if (step.alternative && typeof step.alternative === "object") item.appendChild(draftNode(step.alternative, "Or instead"));
    if (step.reasons && step.reasons.length) {
      const details = el("details");
      details.appendChild(el("summary", `Why (${step.reasons.length})`));
      const list = el("ul", null, "reasons");
      for (const reason of step.reasons) list.appendChild(el("li", `${label(reason.direction)}: ${reason.why}`));
      details.appendChild(list);
      item.appendChild(details);
    }
    return item;
  }

  function render(plan) {
    const verdict = plan.now;
    const [headline, tone] = VERDICTS[verdict.verdict] || [label(verdict.verdict), "wait"];
    const box = document.getElementById("verdict");
    box.className = `verdict ${tone}`;
    box.replaceChildren();
    let text = headline;
    if (verdict.verdict === "wait_until" && verdict.until) text = `Wait until ${when(verdict.until)}`;
    if (verdict.purpose && words.purposes[verdict.purpose]) text += ` — to ${words.purposes[verdict.purpose]}`;
    box.appendChild(el("strong", text));
    box.appendChild(el("span", verdict.reason));
    const steps = document.getElementById("steps");
    steps.replaceChildren(...plan.steps.map(stepNode));
    document.getElementById("move-on").textContent =
      plan.move_on_after ? `If you have heard nothing by ${when(plan.move_on_after)}, move on.` : "";
    const notes = document.getElementById("notes");
    notes.replaceChildren(...(plan.notes || []).map((note) => el("li", note)));
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
      render(await response.json());
    } catch (error) {
      showError({ detail: "The server could not be reached." });
    } finally {
      submit.disabled = false;
    }
  });

  download.addEventListener("click", async () => {
    if (!lastSituation) return;
    const response = await request(lastSituation, "text/calendar");
    if (!response.ok) {
      showError(await problemOf(response));
      return;
    }
    const url = URL.createObjectURL(await response.blob());
    const link = el("a");
    link.href = url;
    link.download = "followup-plan.ics";
    document.body.appendChild(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10000);
  });

  // Start with the visitor's own zone when the engine knows it, and today's date.
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  const zoneInput = document.getElementById("timezone");
  if (zone && !zoneInput.value && document.querySelector(`#zones option[value="${CSS.escape(zone)}"]`)) {
    zoneInput.value = zone;
  }
  const dateInput = document.getElementById("interview-date");
  if (!dateInput.value) {
    const day = new Date();
    const pad = (n) => String(n).padStart(2, "0");
    dateInput.value = `${day.getFullYear()}-${pad(day.getMonth() + 1)}-${pad(day.getDate())}`;
  }
})();
