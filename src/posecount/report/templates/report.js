"use strict";
// Draws the report from the JSON embedded in the page: SVG charts with their numbers in a
// table beside each, and a skeleton replay per session drawn from landmarks only.
(function () {
  const D = JSON.parse(document.getElementById("report-data").textContent);
  const NS = "http://www.w3.org/2000/svg";
  const COLOURS = { green: "#2e9e5b", amber: "#e3a21a", red: "#d0443a" };
  const SERIES = ["#2f6fb5", "#c2571a", "#7a4bb5", "#2e9e5b"];

  function el(tag, attrs, parent, text) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) e.setAttribute(k, v);
    if (text !== undefined) e.textContent = text;
    if (parent) parent.appendChild(e);
    return e;
  }
  function sv(tag, attrs, parent, text) {
    const e = document.createElementNS(NS, tag);
    for (const [k, v] of Object.entries(attrs || {})) e.setAttribute(k, v);
    if (text !== undefined) e.textContent = text;
    if (parent) parent.appendChild(e);
    return e;
  }
  const fmtDay = (t) => new Date(t).toISOString().slice(0, 10);
  const fmtTime = (t) => new Date(t).toISOString().slice(0, 16).replace("T", " ");
  const num = (x, nd) => (x === null || x === undefined ? "-" : (+x).toFixed(nd === undefined ? 1 : nd));
  const unitText = (u) => (u === "deg" ? "°" : u ? " " + u : "");

  // A chart: linear axes, ticks, a title for screen readers. Returns scale functions.
  function chart(parent, o) {
    const W = o.width || 640, H = o.height || 220, m = { l: 46, r: 12, t: 12, b: 28 };
    const svg = sv("svg", { viewBox: `0 0 ${W} ${H}`, class: "chart", role: "img", "aria-label": o.label }, parent);
    sv("title", {}, svg, o.label);
    let [x0, x1] = o.x, [y0, y1] = o.y;
    if (x1 <= x0) { x0 -= 1; x1 += 1; }
    if (y1 <= y0) { y0 -= 1; y1 += 1; }
    const X = (v) => m.l + ((v - x0) / (x1 - x0)) * (W - m.l - m.r);
    const Y = (v) => H - m.b - ((v - y0) / (y1 - y0)) * (H - m.t - m.b);
    const g = sv("g", { class: "axes" }, svg);
    const yTicks = o.yTicks || [0, 1, 2, 3, 4].map((i) => y0 + ((y1 - y0) * i) / 4);
    for (const v of yTicks) {
      sv("line", { x1: m.l, x2: W - m.r, y1: Y(v), y2: Y(v), stroke: "#e6eaee" }, g);
      const nd = y1 - y0 < 5 ? 2 : y1 - y0 < 20 ? 1 : 0;
      sv("text", { x: m.l - 4, y: Y(v) + 4, "text-anchor": "end" }, g, o.yFormat ? o.yFormat(v) : num(v, nd));
    }
    const nx = Math.min(o.xTicks || 5, 6);
    for (let i = 0; i <= nx; i++) {
      const v = x0 + ((x1 - x0) * i) / nx;
      const anchor = i === 0 ? "start" : i === nx ? "end" : "middle";
      sv("text", { x: X(v), y: H - 8, "text-anchor": anchor }, g, o.xFormat ? o.xFormat(v) : num(v, 0));
    }
    if (o.yLabel) sv("text", { x: 4, y: 10 }, g, o.yLabel);
    return { svg, X, Y, W, H, m };
  }
  function hline(c, y, colour, label) {
    const line = sv("line", { x1: c.m.l, x2: c.W - c.m.r, y1: c.Y(y), y2: c.Y(y), stroke: colour,
      "stroke-dasharray": "6 4", "stroke-width": 2, class: "target" }, c.svg);
    if (label) sv("text", { x: c.W - c.m.r - 2, y: c.Y(y) - 4, "text-anchor": "end", fill: colour }, c.svg, label);
    return line;
  }
  function table(parent, caption, head, rows) {
    const det = el("details", {}, parent);
    el("summary", {}, det, "numbers: " + caption);
    const t = el("table", {}, det);
    el("caption", { class: "sr-only" }, t, caption);
    const tr = el("tr", {}, el("thead", {}, t));
    head.forEach((h) => el("th", { scope: "col" }, tr, h));
    const tb = el("tbody", {}, t);
    rows.forEach((r) => { const row = el("tr", {}, tb); r.forEach((c) => el("td", {}, row, String(c))); });
    return t;
  }
  const extent = (xs, pad) => {
    const v = xs.filter((x) => x !== null && x !== undefined && !Number.isNaN(x));
    if (!v.length) return [0, 1];
    let lo = Math.min(...v), hi = Math.max(...v);
    const p = (hi - lo) * (pad || 0.08) || 1;
    return [lo - p, hi + p];
  };
  const intTicks = (hi) => { const step = Math.max(1, Math.ceil(hi / 4)); const t = []; for (let v = 0; v <= hi; v += step) t.push(v); return t; };
  const periodX = () => {
    const a = Date.parse(D.period.from + "T00:00:00Z"), b = Date.parse(D.period.to + "T23:59:59Z");
    return [a, b];
  };

  // ------------------------------------------------------------ header and changes
  function header() {
    const root = document.getElementById("summary");
    const a = D.adherence;
    const k = el("div", { class: "kpis" }, root);
    const kpi = (label, value) => { const d = el("div", { class: "kpi" }, k); el("b", {}, d, value); el("span", { class: "muted small" }, d, label); };
    kpi("sessions", String(a.sessions));
    kpi(`days with a session (of ${a.days.length})`, String(a.days_with_sessions));
    kpi("longest streak (days)", String(a.longest_streak_days));
    kpi("days missed", String(a.missed_days.length));
    kpi("sessions ending in red pain", String(D.pain.red_after));
    const st = Object.entries(D.statuses).map(([s, n]) => `${n} ${s}`).join(", ");
    el("p", { class: "muted" }, root, "session status: " + (st || "none"));
    const ch = document.getElementById("changes");
    if (!D.changes.length) {
      el("p", { class: "muted" }, ch, `No sessions in the previous ${a.days.length} days (${D.previous_period.from} to ${D.previous_period.to}) to compare with.`);
    } else {
      el("p", { class: "muted small" }, ch, `Compared with ${D.previous_period.from} to ${D.previous_period.to} (${D.previous_period.sessions} sessions).`);
      const ul = el("ul", { class: "changes" }, ch);
      D.changes.forEach((c) => el("li", { class: c.better === null ? "same" : c.better ? "better" : "worse" }, ul, c.text));
    }
  }

  // ------------------------------------------------------------ adherence
  function adherence() {
    const root = document.getElementById("adherence");
    const a = D.adherence;
    const pres = Object.entries(a.per_day_prescribed).map(([ex, n]) => `${ex}: ${n ? n + " a day" : "no number given (1 a day counted)"}`).join("; ");
    el("p", {}, root, `Prescribed: ${pres || "-"}. Current streak ${a.current_streak_days} day(s), longest ${a.longest_streak_days}; ${a.days_meeting_prescription} of ${a.days.length} days met the prescription.`);
    const cal = el("div", { class: "calendar", role: "img", "aria-label": "calendar of sessions per day" }, root);
    ["", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"].forEach((d) => el("div", { class: "wk" }, cal, d));
    const first = new Date(a.days[0].date + "T00:00:00Z");
    const lead = (first.getUTCDay() + 6) % 7;
    let col = 0;
    const cell = (cls, text, title) => {
      if (col % 7 === 0) el("div", { class: "wk" }, cal, text && cls !== "out" ? text.slice(5) : "");
      const c = el("div", { class: "day " + cls, title: title || "" }, cal, cls === "out" ? "" : text);
      col++;
      return c;
    };
    for (let i = 0; i < lead; i++) cell("out", "");
    a.days.forEach((d) => {
      const cls = d.sessions === 0 ? "none" : d.met ? "met" : "some";
      const c = cell(cls, d.date.slice(8), `${d.date}: ${d.sessions} session(s)`);
      c.setAttribute("data-date", d.date);
      if (d.sessions) c.textContent = `${d.date.slice(8)} ·${d.sessions}`;
    });
    el("p", { class: "legend small" }, root).innerHTML =
      '<span style="color:#2e9e5b">■ prescription met</span><span style="color:#7fbf97">■ some sessions</span><span>□ missed</span>';
    // Sessions per day, bars by exercise, with the prescribed times a day.
    const exs = Object.keys(a.per_day_prescribed);
    const maxN = Math.max(1, ...a.days.map((d) => d.sessions), ...Object.values(a.per_day_prescribed).map((n) => n || 1));
    const c = chart(root, { label: "sessions per day", x: [0, a.days.length], y: [0, maxN], yTicks: intTicks(maxN), height: 170,
      xFormat: (v) => (a.days[Math.min(a.days.length - 1, Math.floor(v))] || a.days[0]).date.slice(5), yFormat: (v) => num(v, 0) });
    const bw = (c.X(1) - c.X(0)) * 0.8;
    a.days.forEach((d, i) => {
      let acc = 0;
      exs.forEach((ex, j) => {
        const n = d.by_exercise[ex] || 0;
        if (!n) return;
        sv("rect", { x: c.X(i) + bw * 0.1, y: c.Y(acc + n), width: bw, height: c.Y(acc) - c.Y(acc + n), fill: SERIES[j % SERIES.length], class: "bar" }, c.svg);
        acc += n;
      });
    });
    const target = Math.max(0, ...Object.values(a.per_day_prescribed).map((n) => n || 0));  // none: no line
    if (target) hline(c, target, "#2e9e5b", `${target} a day prescribed`);
    el("p", { class: "legend small" }, root).innerHTML = exs.map((ex, j) => `<span style="color:${SERIES[j % SERIES.length]}">■ ${ex}</span>`).join("");
    table(root, "sessions per day", ["day", "sessions", ...exs, "met"], a.days.map((d) => [d.date, d.sessions, ...exs.map((e) => d.by_exercise[e] || 0), d.met ? "yes" : "no"]));
  }

  // ------------------------------------------------------------ per exercise
  function exercise(root, e) {
    const sec = el("section", { class: "exercise", "data-exercise": e.id }, root);
    el("h3", {}, sec, `${e.title} — ${e.sessions.length} session(s), ${e.reps_total} reps`);
    const views = Object.entries(e.views).map(([v, n]) => `${v} (${n})`).join(", ");
    const track = e.tracking_share_with_person === null ? "not measured" : `${Math.round(e.tracking_share_with_person * 100)}% of frames with the patient in view`;
    el("p", { class: "muted small" }, sec, `Prescribed: ${e.prescription_text || "-"}. Camera view: ${views}. Tracking: ${track}; lost sight ${e.tracking_lost_events} time(s).`);
    const grid = el("div", { class: "grid2" }, sec);
    const X = periodX();
    const dayFmt = (v) => fmtDay(v).slice(5);

    // Reps per session against the prescription.
    const c1 = el("div", { class: "card" }, grid);
    el("h4", {}, c1, "Reps per session" + (e.reps_prescribed ? ` (prescribed ${e.reps_prescribed})` : ""));
    const maxR = Math.max(1, e.reps_prescribed || 0, ...e.sessions.map((s) => s.reps || 0));
    const ch1 = chart(c1, { width: 420, xTicks: 3, yTicks: intTicks(Math.ceil(maxR * 1.1)), label: `${e.title}: reps per session`, x: X, y: [0, maxR * 1.1], xFormat: dayFmt, yLabel: "reps" });
    const w = Math.max(3, Math.min(14, (ch1.W - 60) / Math.max(10, e.sessions.length) * 0.6));
    e.sessions.forEach((s) => {
      const r = s.reps || 0;
      const done = s.reps_prescribed ? r >= s.reps_prescribed : true;
      sv("rect", { x: ch1.X(s.t) - w / 2, y: ch1.Y(r), width: w, height: ch1.Y(0) - ch1.Y(r), class: "bar",
        fill: ["complete", "stopped", "ended early"].includes(s.status) ? (done ? "#2e9e5b" : "#7fa6d6") : "#d0443a" }, ch1.svg);
    });
    if (e.reps_prescribed) hline(ch1, e.reps_prescribed, "#1d2733", "prescribed");
    el("p", { class: "legend small" }, c1).innerHTML = '<span style="color:#2e9e5b">■ prescription done</span><span style="color:#7fa6d6">■ fewer</span><span style="color:#d0443a">■ cut short (interrupted, camera lost, crashed)</span>';
    table(c1, `${e.title} reps per session`, ["session", "started", "status", "reps", "short", "prescribed"],
      e.sessions.map((s) => [s.session, fmtTime(s.t), s.status, s.reps ?? "-", s.reps_short ?? "-", s.reps_prescribed ?? "-"]));

    // Range per rep over time, target line, short reps marked.
    if (e.range_points.length) {
      const c2 = el("div", { class: "card" }, grid);
      el("h4", {}, c2, `Range per rep: ${e.range_label}`);
      const ys = e.range_points.map((p) => p.value).concat(e.target === null ? [] : [e.target]);
      const ch2 = chart(c2, { width: 420, xTicks: 3, label: `${e.title}: range per rep over time`, x: X, y: extent(ys), xFormat: dayFmt, yLabel: unitText(e.unit).trim() || e.unit });
      if (e.target !== null) hline(ch2, e.target, "#1d2733", `target ${num(e.target, 0)}${unitText(e.unit)}`);
      e.range_points.forEach((p) => {
        const attrs = { cx: ch2.X(p.t), cy: ch2.Y(p.value), r: 4, class: "rep-point" + (p.short ? " short" : "") };
        if (p.short) Object.assign(attrs, { fill: "#fff", stroke: "#d0443a", "stroke-width": 2 });
        else attrs.fill = p.side === "right" ? "#c2571a" : "#2f6fb5";
        const dot = sv("circle", attrs, ch2.svg);
        sv("title", {}, dot, `session ${p.session} rep ${p.rep}${p.side ? " " + p.side : ""}: ${num(p.value)}${unitText(e.unit)}${p.short ? `, short by ${num(p.short_by)}` : ""}`);
      });
      el("p", { class: "legend small" }, c2).innerHTML = (e.sides.length ? '<span style="color:#2f6fb5">● left</span><span style="color:#c2571a">● right</span>' : '<span style="color:#2f6fb5">● rep</span>') +
        '<span style="color:#d0443a">○ short of the target</span>' + (e.lower_is_further ? "<span>(lower is further)</span>" : "");
      table(c2, `${e.title} range per rep`, ["session", "rep", "side", "range", "short by"],
        e.range_points.map((p) => [p.session, p.rep, p.side || "-", num(p.value), p.short ? num(p.short_by) : "-"]));
    }
    // Holds against the prescribed hold.
    if (e.holds.length) {
      const c3 = el("div", { class: "card" }, grid);
      el("h4", {}, c3, "Holds" + (e.hold_prescribed_s ? ` (prescribed ${e.hold_prescribed_s} s)` : ""));
      const ys = e.holds.map((h) => h.hold_s).concat(e.hold_prescribed_s ? [e.hold_prescribed_s] : []);
      const ch3 = chart(c3, { width: 420, xTicks: 3, label: `${e.title}: hold durations`, x: X, y: [0, extent(ys)[1]], xFormat: dayFmt, yLabel: "s" });
      if (e.hold_prescribed_s) hline(ch3, e.hold_prescribed_s, "#1d2733", `${e.hold_prescribed_s} s prescribed`);
      e.holds.forEach((h) => {
        const ok = !e.hold_prescribed_s || h.hold_s >= e.hold_prescribed_s;
        const dot = sv("circle", { cx: ch3.X(h.t), cy: ch3.Y(h.hold_s), r: 4, fill: ok ? "#2e9e5b" : "#e3a21a", class: "hold-point" }, ch3.svg);
        sv("title", {}, dot, `session ${h.session}: hold ${num(h.hold_s)} s`);
      });
      table(c3, `${e.title} holds`, ["session", "rep", "side", "hold s"], e.holds.map((h) => [h.session, h.rep, h.side || "-", num(h.hold_s, 2)]));
    }
    // Left/right asymmetry.
    if (e.asymmetry.length) {
      const c4 = el("div", { class: "card" }, grid);
      el("h4", {}, c4, "Left and right: mean range per session");
      const [l, r] = e.sides;
      const ys = e.asymmetry.flatMap((a) => [a[l], a[r]]);
      const ch4 = chart(c4, { width: 420, xTicks: 3, label: `${e.title}: left and right range`, x: X, y: extent(ys), xFormat: dayFmt, yLabel: unitText(e.unit).trim() });
      e.asymmetry.forEach((a) => {
        sv("line", { x1: ch4.X(a.t), x2: ch4.X(a.t), y1: ch4.Y(a[l]), y2: ch4.Y(a[r]), stroke: "#9aa5b1" }, ch4.svg);
        sv("circle", { cx: ch4.X(a.t), cy: ch4.Y(a[l]), r: 4, fill: "#2f6fb5", class: "asym-point" }, ch4.svg);
        sv("circle", { cx: ch4.X(a.t), cy: ch4.Y(a[r]), r: 4, fill: "#c2571a", class: "asym-point" }, ch4.svg);
      });
      el("p", { class: "legend small" }, c4).innerHTML = `<span style="color:#2f6fb5">● ${l}</span><span style="color:#c2571a">● ${r}</span>`;
      table(c4, `${e.title} asymmetry`, ["session", l, r, "difference"], e.asymmetry.map((a) => [a.session, num(a[l]), num(a[r]), num(a.difference)]));
    }
  }

  // ------------------------------------------------------------ pain
  function pain() {
    const root = document.getElementById("pain");
    const P = D.pain, b = P.bands;
    el("p", {}, root, `0-10 before (○) and after (●) each session, on the traffic light: green 0-${b.green_max}, amber ${b.green_max + 1}-${b.amber_max}, red ${b.amber_max + 1}-10. Pain should settle back within ${P.settle_minutes} minutes.`);
    if (!P.sessions.length) { el("p", { class: "muted" }, root, "No pain scores were recorded in this period."); return; }
    const c = chart(root, { label: "pain before and after each session", x: periodX(), y: [0, 10], yTicks: [0, 2, 4, 6, 8, 10], height: 200, xFormat: (v) => fmtDay(v).slice(5), yFormat: (v) => num(v, 0) });
    const band = (lo, hi, col) => sv("rect", { x: c.m.l, width: c.W - c.m.l - c.m.r, y: c.Y(hi), height: c.Y(lo) - c.Y(hi), fill: col, opacity: 0.16, class: "band" }, c.svg);
    band(0, b.green_max + 0.5, COLOURS.green); band(b.green_max + 0.5, b.amber_max + 0.5, COLOURS.amber); band(b.amber_max + 0.5, 10, COLOURS.red);
    P.sessions.forEach((s) => {
      const x = c.X(s.t);
      if (s.before !== null && s.after !== null) sv("line", { x1: x, x2: x, y1: c.Y(s.before), y2: c.Y(s.after), stroke: "#5b6877" }, c.svg);
      if (s.before !== null) sv("circle", { cx: x, cy: c.Y(s.before), r: 4, fill: "#fff", stroke: COLOURS[s.band_before], "stroke-width": 2, class: "pain-point" }, c.svg);
      if (s.after !== null) sv("circle", { cx: x, cy: c.Y(s.after), r: 4.5, fill: COLOURS[s.band_after], class: "pain-point" }, c.svg);
    });
    table(root, "pain", ["session", "exercise", "started", "before", "after", `after ${P.settle_minutes} min`, "settled"],
      P.sessions.map((s) => [s.session, s.exercise, fmtTime(s.t), s.before ?? "-", s.after === null ? "-" : `${s.after} (${s.band_after})`, s.after_30min ?? "not recorded", s.settled_within_30min === null ? "-" : s.settled_within_30min ? "yes" : "no"]));
  }

  // ------------------------------------------------------------ clinical tests
  const shortSource = (s) => {
    if (s.startsWith("CDC STEADI")) return "CDC STEADI";
    const year = (s.match(/\b(19|20)\d\d\b/) || [""])[0];
    return s.split(" ")[0].replace(/,$/, "") + (year ? " " + year : "");
  };
  // The Klukowska bands run from no impairment to moderate; a single normal range or
  // confidence interval is the green one.
  const BAND_COLOURS = [COLOURS.green, COLOURS.amber, COLOURS.red];
  function clinicalTests() {
    const root = document.getElementById("tests");
    const T = D.clinical_tests || [];
    if (!T.length) { el("p", { class: "muted" }, root, "No clinical tests (posecount test) in this period."); return; }
    el("p", { class: "muted small" }, root, "Each timed test over time against its published norms for the patient's age and sex: shaded, a normal range, a confidence interval or severity bands; dashed, a cut-off or a mean. A bar through a point is the timing uncertainty; a hollow point at the foot of the chart is a test that was not valid (no time is made up: the reason is in the table); a triangle is a lower bound (a stance still going when the recording ended).");
    T.forEach((t) => {
      const sec = el("section", { class: "clinical-test", "data-test": t.test }, root);
      el("h3", {}, sec, `${t.title} — ${t.points.length} result(s)`);
      const unit = t.unit === "stands" ? "stands" : "s";
      const who = t.age === null ? "no age given, so no norm is drawn" : `norms for age ${t.age}${t.sex ? ", " + t.sex : " (no sex given)"}`;
      el("p", { class: "small" }, sec, `${who}; ${t.better} is better.` + (t.change ? ` ${t.change.text}.` : ""));
      const vals = t.points.filter((p) => p.valid && p.value !== null).map((p) => p.value + (p.uncertainty_s || 0));
      const top = Math.max(1, ...vals, ...t.norms.map((n) => n.hi)) * 1.12;
      const c = chart(sec, { label: `${t.title}: results over time against the norm`, x: periodX(), y: [0, top], height: 230, xTicks: 4,
        xFormat: (v) => fmtDay(v).slice(5), yLabel: unit, yTicks: t.unit === "stands" ? intTicks(Math.ceil(top)) : undefined });
      let bands = 0, lines = 0;
      t.norms.forEach((n) => {
        const text = `${n.label} (${shortSource(n.source)})`;
        if (n.kind === "band") {
          const hi = Math.min(n.hi, top);
          const col = BAND_COLOURS[bands++ % BAND_COLOURS.length];
          const r = sv("rect", { x: c.m.l, width: c.W - c.m.l - c.m.r, y: c.Y(hi), height: c.Y(n.lo) - c.Y(hi), fill: col, opacity: 0.16, class: "norm-band" }, c.svg);
          sv("title", {}, r, text);
          sv("text", { x: c.m.l + 4, y: c.Y(hi) + 12, "text-anchor": "start", fill: "#3b4550", "font-size": 11, class: "norm-label" }, c.svg, text);
        } else {
          // Lines close together (12 and 12.6 s) get their labels above and below; the
          // bands' labels are on the left.
          const above = lines++ % 2 === 0;
          const l = sv("line", { x1: c.m.l, x2: c.W - c.m.r, y1: c.Y(n.lo), y2: c.Y(n.lo), stroke: "#5b6877",
            "stroke-dasharray": "6 4", "stroke-width": 2, class: "norm-line" }, c.svg);
          sv("title", {}, l, text);
          sv("text", { x: c.W - c.m.r - 2, y: above ? c.Y(n.lo) - 4 : c.Y(n.lo) + 13,
            "text-anchor": "end", fill: "#3b4550", class: "norm-label" }, c.svg, text);
        }
      });
      t.points.forEach((p) => {
        const x = c.X(p.t);
        if (!p.valid || p.value === null) {
          const dot = sv("circle", { cx: x, cy: c.Y(0) - 6, r: 5, fill: "#fff", stroke: "#9aa5b1", "stroke-width": 2, class: "test-point invalid" }, c.svg);
          sv("title", {}, dot, `${fmtTime(p.t)}: not valid — ${p.reason}`);
          return;
        }
        const y = c.Y(p.value), col = p.concern ? COLOURS.red : "#2f6fb5";
        if (p.uncertainty_s) sv("line", { x1: x, x2: x, y1: c.Y(p.value - p.uncertainty_s), y2: c.Y(p.value + p.uncertainty_s), stroke: col, "stroke-width": 2, class: "uncertainty" }, c.svg);
        const mark = p.at_least
          ? sv("path", { d: `M${x - 6},${y + 5} L${x + 6},${y + 5} L${x},${y - 6} Z`, fill: col, class: "test-point at-least" }, c.svg)
          : sv("circle", { cx: x, cy: y, r: 5, fill: col, class: "test-point" }, c.svg);
        sv("title", {}, mark, `${fmtTime(p.t)}: ${p.at_least ? "at least " : ""}${num(p.value, 2)} ${unit}${p.uncertainty_s ? ` ± ${num(p.uncertainty_s, 2)} s` : ""}${p.live ? " (live)" : ""}`);
      });
      el("p", { class: "legend small" }, sec).innerHTML = '<span style="color:#2f6fb5">● result</span><span style="color:#d0443a">● on the worse side of a norm</span><span style="color:#9aa5b1">○ not valid</span>';
      table(sec, `${t.title} results`, ["date", "result", "± s", "timed at", "how", "age/sex", "verdicts or reason"],
        t.points.map((p) => [fmtTime(p.t), p.valid ? `${p.at_least ? "≥ " : ""}${num(p.value, 2)} ${unit}` : "not valid", num(p.uncertainty_s, 2),
          p.timed_fps ? `${num(p.timed_fps, 0)} frames/s` : "-", p.live ? "live" : "recording", `${p.age ?? "-"}/${p.sex ?? "-"}`,
          p.valid ? (p.verdicts.join("; ") || "no verdict (no age given)") : p.reason]));
      if (t.norms.length) table(sec, `${t.title} norms drawn`, ["norm", "from", "to", "source"], t.norms.map((n) => [n.label, num(n.lo), num(n.hi), n.source]));
    });
  }

  // ------------------------------------------------------------ drill-down
  function drill(root, d) {
    const box = el("section", { class: "session", id: `session-${d.session}`, "data-session": d.session }, root);
    const h = el("h3", {}, box, `Session ${d.session}: ${d.exercise}, ${fmtTime(Date.parse(d.started))} UTC `);
    el("span", { class: `badge b-status b-${d.status.split(" ")[0]}` }, h, d.status);
    el("p", { class: "small" }, box, `${d.reps ?? "-"} ${d.reps === 1 ? "rep" : "reps"} in ${num(d.duration_s)} s` + (d.view ? `, filmed ${d.view}` : "") + (d.note ? ` — ${d.note}` : ""));
    d.flags.forEach((f) => el("p", { class: "small" }, box, "! " + f));
    if (!d.signal || !d.replay) { el("p", { class: "muted small" }, box, "No pose track was kept for this session: no replay."); return; }
    const wrap = el("div", { class: "replay" }, box);
    const left = el("div", {}, wrap), right = el("div", {}, wrap);
    // Skeleton replay.
    // Drawn in the picture's pixels, framed on the space the body moved through (a patient
    // far from the camera is not a speck in a corner).
    const R = d.replay, SW = R.frame_size_px[0] || 640, SH = R.frame_size_px[1] || 480;
    let bx0 = Infinity, by0 = Infinity, bx1 = -Infinity, by1 = -Infinity;
    R.frames.forEach(([, xy]) => {
      if (!xy) return;
      for (let k = 11; k < 33; k++) {
        if (xy[2 * k] === null) continue;
        bx0 = Math.min(bx0, xy[2 * k] * SW); bx1 = Math.max(bx1, xy[2 * k] * SW);
        by0 = Math.min(by0, xy[2 * k + 1] * SH); by1 = Math.max(by1, xy[2 * k + 1] * SH);
      }
    });
    if (!(bx1 > bx0 && by1 > by0)) { bx0 = 0; by0 = 0; bx1 = SW; by1 = SH; }
    let bw = bx1 - bx0, bh = by1 - by0;
    const pad = 0.12 * Math.max(bw, bh);
    bx0 -= pad; by0 -= pad; bw += 2 * pad; bh += 2 * pad;
    if (bh / bw < 0.6) { by0 -= (0.6 * bw - bh) / 2; bh = 0.6 * bw; } // a lying body: not a sliver
    const sk = sv("svg", { viewBox: `${bx0.toFixed(0)} ${by0.toFixed(0)} ${bw.toFixed(0)} ${bh.toFixed(0)}`, class: "skeleton", role: "img", "aria-label": `skeleton replay of session ${d.session}`, "data-frame": "0" }, left);
    const scale = bw / 320;
    const bones = R.edges.map(() => sv("line", { stroke: "#7fd1ff", "stroke-width": 3 * scale, "stroke-linecap": "round" }, sk));
    const joints = [];
    for (let i = 0; i < 33; i++) joints.push(sv("circle", { r: 2.5 * scale, fill: "#ffffff" }, sk));
    const clock = sv("text", { x: bx0 + 6 * scale, y: by0 + 14 * scale, fill: "#ffffff", style: `font-size:${11 * scale}px` }, sk, "");
    const controls = el("div", { class: "controls" }, left);
    const play = el("button", { type: "button", class: "play", "aria-label": "play or pause the replay" }, controls, "▶ play");
    const reps = d.marks.filter((m) => m.type === "rep_completed");
    reps.forEach((m) => {
      const b = el("button", { type: "button", class: "jump" + (m.short ? " short" : ""), "data-rep": m.rep }, controls, m.label);
      b.addEventListener("click", () => { seek(m.start_ms ?? m.t_ms); });
    });
    let frame = 0, timer = null;
    function draw(i) {
      frame = Math.max(0, Math.min(R.frames.length - 1, i));
      const [t, xy] = R.frames[frame];
      sk.setAttribute("data-frame", String(frame));
      clock.textContent = `${(t / 1000).toFixed(1)} s` + (xy ? "" : " (no person)");
      R.edges.forEach(([a, b], k) => {
        const ok = xy && xy[2 * a] !== null && xy[2 * b] !== null;
        const L = bones[k];
        L.setAttribute("visibility", ok ? "visible" : "hidden");
        if (ok) { L.setAttribute("x1", xy[2 * a] * SW); L.setAttribute("y1", xy[2 * a + 1] * SH); L.setAttribute("x2", xy[2 * b] * SW); L.setAttribute("y2", xy[2 * b + 1] * SH); }
      });
      joints.forEach((J, k) => {
        const ok = xy && xy[2 * k] !== null && k > 10; // face points are not drawn
        J.setAttribute("visibility", ok ? "visible" : "hidden");
        if (ok) { J.setAttribute("cx", xy[2 * k] * SW); J.setAttribute("cy", xy[2 * k + 1] * SH); }
      });
      if (cursor) { const x = sig.X(t); cursor.setAttribute("x1", x); cursor.setAttribute("x2", x); }
    }
    function seek(t_ms) {
      let i = R.frames.findIndex((f) => f[0] >= t_ms);
      draw(i < 0 ? R.frames.length - 1 : i);
    }
    function stop() { clearInterval(timer); timer = null; play.textContent = "▶ play"; }
    play.addEventListener("click", () => {
      if (timer) { stop(); return; }
      if (frame >= R.frames.length - 1) draw(0);
      play.textContent = "❚❚ pause";
      let last = performance.now();
      timer = setInterval(() => {
        const now = performance.now();
        const target = R.frames[frame][0] + (now - last);
        last = now;
        let i = frame;
        while (i < R.frames.length - 1 && R.frames[i + 1][0] <= target) i++;
        if (i === frame && i < R.frames.length - 1) i++;
        draw(i);
        if (frame >= R.frames.length - 1) stop();
      }, 100);
    });
    // The movement signal with every rep, hold and flag marked.
    const S = d.signal, names = Object.keys(S.series);
    const all = names.flatMap((n) => S.series[n]);
    const tMax = S.t_ms.length ? S.t_ms[S.t_ms.length - 1] : 1;
    const sig = chart(right, { width: 520, label: `movement signal of session ${d.session}`, x: [S.t_ms[0] || 0, tMax], y: extent(all), height: 200, xFormat: (v) => (v / 1000).toFixed(0) + " s", yLabel: names.join(", ") });
    reps.forEach((m) => {
      if (m.start_ms !== null && m.start_ms !== undefined) sv("rect", { x: sig.X(m.start_ms), width: Math.max(1, sig.X(m.t_ms) - sig.X(m.start_ms)), y: sig.m.t, height: sig.H - sig.m.t - sig.m.b, fill: m.short ? "#d0443a" : "#2e9e5b", opacity: 0.12, class: "rep-span" }, sig.svg);
    });
    d.marks.forEach((m) => {
      if (m.type !== "hold_ended" || m.start_ms === undefined) return;
      const x0 = sig.X(Math.max(m.start_ms, S.t_ms[0] || 0));
      sv("rect", { x: x0, width: Math.max(1, sig.X(m.t_ms) - x0), y: sig.m.t, height: sig.H - sig.m.t - sig.m.b, fill: "#7a4bb5", opacity: 0.1, class: "hold-span" }, sig.svg);
    });
    names.forEach((n, j) => {
      let dpath = "", pen = false;
      S.series[n].forEach((v, i) => {
        if (v === null) { pen = false; return; }
        dpath += `${pen ? "L" : "M"}${sig.X(S.t_ms[i]).toFixed(1)},${sig.Y(v).toFixed(1)}`;
        pen = true;
      });
      sv("path", { d: dpath, fill: "none", stroke: SERIES[j % SERIES.length], "stroke-width": 1.6, class: "signal" }, sig.svg);
    });
    d.marks.forEach((m) => {
      if (m.type === "rep_completed" || m.type.startsWith("hold")) return; // drawn as spans
      const col = "#d0443a";
      const L = sv("line", { x1: sig.X(m.t_ms), x2: sig.X(m.t_ms), y1: sig.m.t, y2: sig.H - sig.m.b, stroke: col, "stroke-dasharray": "3 3", class: "mark" }, sig.svg);
      sv("title", {}, L, `${(m.t_ms / 1000).toFixed(1)} s: ${m.label}`);
    });
    const cursor = sv("line", { x1: sig.m.l, x2: sig.m.l, y1: sig.m.t, y2: sig.H - sig.m.b, stroke: "#1d2733", "stroke-width": 1.5, class: "cursor" }, sig.svg);
    el("p", { class: "legend small" }, right).innerHTML = names.map((n, j) => `<span style="color:${SERIES[j % SERIES.length]}">— ${n}</span>`).join("") +
      '<span style="color:#2e9e5b">▮ rep</span><span style="color:#d0443a">▮ short rep, ¦ flag</span><span style="color:#7a4bb5">▮ hold</span>';
    table(right, `events of session ${d.session}`, ["time s", "event"], d.marks.map((m) => [(m.t_ms / 1000).toFixed(1), m.label]));
    draw(0);
  }

  header();
  adherence();
  const ex = document.getElementById("exercises");
  if (!D.exercises.length) el("p", { class: "muted" }, ex, "No sessions in this period.");
  D.exercises.forEach((e) => exercise(ex, e));
  clinicalTests();
  pain();
  const dd = document.getElementById("drilldown");
  if (!D.drilldown.length) el("p", { class: "muted" }, dd, "No sessions in this period.");
  else el("p", { class: "muted small" }, dd, `The newest sessions and those that ended early (at most ${D.drilldown_max}): the movement over time with each rep, hold and flag, and a replay drawn from the recorded landmarks.`);
  D.drilldown.forEach((d) => drill(dd, d));
  document.body.setAttribute("data-ready", "1");
})();
