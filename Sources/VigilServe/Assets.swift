/// The page's only style sheet and script, served by this server (`/static/…`): no CDN, font
/// or script from anywhere else, and the CSP allows nothing else. The script builds every piece
/// of text it shows with `textContent`, never as markup.
enum Assets {
    static let css = """
    :root{color-scheme:light;--fg:#1f2328;--mute:#59636e;--line:#d0d7de;--bg2:#f6f8fa;--sel:#fff8c5}
    *{box-sizing:border-box}body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;color:var(--fg);margin:0}
    main{padding:0 1rem 3rem;max-width:90rem;margin:0 auto}
    header.top{display:flex;gap:1rem;align-items:center;flex-wrap:wrap;padding:.5rem 1rem;border-bottom:1px solid var(--line);background:var(--bg2)}
    .brand{font-weight:700;color:var(--fg);text-decoration:none}.hint{color:var(--mute);font-size:12px;flex:1}
    h1{font-size:1.35rem;margin:1rem 0 .5rem;overflow-wrap:anywhere}h2{font-size:1.1rem;margin-top:1.5rem;border-bottom:1px solid var(--line)}
    h3{font-size:.95rem;margin:.5rem 0;overflow-wrap:anywhere}
    code,pre,kbd{font:12px ui-monospace,SFMono-Regular,Menlo,monospace}pre.message{white-space:pre-wrap;overflow-wrap:anywhere;background:var(--bg2);padding:.6rem;border-radius:6px}
    form.filters{display:flex;flex-wrap:wrap;gap:.4rem .8rem;align-items:end;margin:.5rem 0}form.filters label{display:flex;flex-direction:column;font-size:12px;color:var(--mute)}
    table{border-collapse:collapse}th,td{padding:.3rem .5rem;text-align:left;vertical-align:top;border-bottom:1px solid #eaeef2}
    table.queue{width:100%}table.queue tr.row{cursor:pointer}table.queue tr.selected{background:var(--sel);outline:2px solid #d4a72c}
    td.n{text-align:right;font-variant-numeric:tabular-nums}small{color:var(--mute)}
    .sev{font-weight:600;padding:0 .3rem;border-radius:4px;font-size:12px}.sev-critical{background:#ffebe9;color:#82071e}.sev-high{background:#fff1e5;color:#953800}
    .sev-medium{background:#fff8c5;color:#7d4e00}.sev-low{background:var(--bg2);color:var(--mute)}
    .class-ai,.class-assisted{color:#8250df;font-weight:600}.class-bot{color:var(--mute)}
    .explain{color:var(--mute)}.warn{color:#953800}.count{color:var(--mute)}nav.pages{margin:1rem 0}
    table.meta th{color:var(--mute);font-weight:400}table.evidence{width:100%}table.evidence code{white-space:pre-wrap;overflow-wrap:anywhere}
    section.hunk{border:1px solid var(--line);border-radius:6px;padding:.5rem;margin:1rem 0}
    .diff{overflow-x:auto}table.sbs{width:100%;table-layout:fixed;font:12px ui-monospace,monospace}
    table.sbs col.ln{width:3.5rem}table.sbs td{border:0;padding:0 .4rem;white-space:pre-wrap;overflow-wrap:anywhere}
    table.sbs td.ln{color:var(--mute);text-align:right;user-select:none}td.del{background:#ffebe9}td.add{background:#dafbe1}td.empty{background:var(--bg2)}
    tr.flagged td.del,tr.flagged td.add{outline:2px solid #cf222e;outline-offset:-2px}tr.gap td{color:var(--mute);text-align:center;background:var(--bg2)}
    .finding{border-top:1px dashed var(--line);padding:.5rem}.finding.selected{background:var(--sel);outline:2px solid #d4a72c}
    .finding p{margin:.2rem 0}code.del{background:#ffebe9}code.add{background:#dafbe1}.reason{color:var(--mute)}
    .actions button{margin-right:.4rem}ol.history{margin:.3rem 0;padding-left:1.2rem;color:var(--mute);font-size:12px}
    .st{font-weight:600}.st-confirmed{color:#82071e}.st-false-positive{color:#1a7f37}.st-accepted-risk{color:#7d4e00}
    p.message:empty{display:none}p.message{color:#953800}
    .help{position:fixed;right:1rem;bottom:1rem;background:#fff;border:1px solid var(--line);border-radius:6px;padding:.5rem 1rem;box-shadow:0 4px 12px rgba(0,0,0,.15)}
    @media (max-width:700px){table.queue thead{display:none}table.queue tr{display:block;border-bottom:1px solid var(--line)}table.queue td{display:inline-block;border:0}
      table.sbs col.ln{width:2.2rem}.hint{display:none}}
    """

    static let js = #"""
    "use strict";
    (function () {
      const $ = (s, r) => (r || document).querySelector(s);
      const $$ = (s, r) => Array.from((r || document).querySelectorAll(s));
      const csrf = $('meta[name="csrf-token"]').content;
      const readOnly = $('meta[name="read-only"]').content === "1";
      const reviewer = $("#reviewer");
      if (reviewer && !reviewer.readOnly) {
        const saved = localStorage.getItem("vigil-reviewer");
        if (saved) reviewer.value = saved;
        reviewer.addEventListener("change", () => localStorage.setItem("vigil-reviewer", reviewer.value));
      }
      const rows = $$("tr.row"), findings = $$(".finding");
      const items = rows.length ? rows : findings;
      let at = Math.max(0, items.findIndex(x => x.classList.contains("selected")));
      function select(i) {
        if (!items.length) return;
        at = Math.min(items.length - 1, Math.max(0, i));
        items.forEach((x, j) => x.classList.toggle("selected", j === at));
        items[at].scrollIntoView({block: "nearest"});
      }
      if (findings.length) select(0);
      rows.forEach((r, i) => r.addEventListener("click", ev => { if (ev.target.tagName !== "A") location.href = r.dataset.href; }));
      findings.forEach((f, i) => {
        f.addEventListener("click", () => select(i));
        $$("button[data-status]", f).forEach(b => b.addEventListener("click", () => { select(i); ask(f, b.dataset.status); }));
        const form = $("form.note", f);
        if (form) {
          form.addEventListener("submit", ev => { ev.preventDefault(); record(f); });
          $("input", form).addEventListener("keydown", ev => { if (ev.key === "Escape") { form.hidden = true; f.focus(); } });
        }
      });
      function ask(f, status) {
        if (readOnly) return;
        const form = $("form.note", f);
        if (f.dataset.pending !== status) f.dataset.replace = "";
        f.dataset.pending = status;
        form.hidden = false;
        $(".status", form).textContent = status;
        $("input", form).focus();
      }
      function say(f, text) { $("p.message", f).textContent = text; }
      async function record(f) {
        const form = $("form.note", f), note = $("input", form).value.trim();
        if (!note) { say(f, "A note is required: say why."); return; }
        const body = {repository: Number(f.dataset.repository), commit: f.dataset.commit, fingerprints: [f.dataset.fingerprint],
                      status: f.dataset.pending, note: note, by: reviewer ? reviewer.value : "",
                      seen: {[f.dataset.fingerprint]: Number(f.dataset.verdict)}, replaceOthers: f.dataset.replace === "1"};
        const res = await fetch("/api/triage", {method: "POST", credentials: "same-origin",
          headers: {"Content-Type": "application/json", "X-Vigil-CSRF": csrf}, body: JSON.stringify(body)});
        const data = await res.json().catch(() => ({}));
        if (res.status === 409) {
          const c = data.conflicts[0], v = c.current;
          f.dataset.verdict = String(v.id);
          f.dataset.replace = "1";
          say(f, (c.reason === "another-reviewer" ? "" : "Changed since you loaded the page: ") + v.by + " marked this " + v.status +
                 ": " + v.note + ". Record again to replace their verdict.");
          return;
        }
        if (!res.ok) { say(f, "Not recorded: " + (data.error || res.status)); return; }
        form.hidden = true;
        $("input", form).value = "";
        f.dataset.replace = "";
        say(f, data.notes ? "Recorded; " + data.notes : "Recorded.");
        await refresh(f);
        f.focus();
      }
      async function refresh(f) {
        const res = await fetch("/api/commits/" + f.dataset.repository + "/" + f.dataset.commit, {credentials: "same-origin"});
        if (!res.ok) return;
        const data = await res.json();
        const flag = data.flags.find(x => x.fingerprint === f.dataset.fingerprint);
        if (!flag) return;
        const list = $("ol.history", f);
        list.textContent = "";
        flag.triage.forEach(v => list.appendChild(verdictItem(v)));
        const current = flag.triage[0];
        f.dataset.verdict = current ? String(current.id) : "0";
        const box = $(".verdict", f);
        box.textContent = "";
        if (current) { box.append("current: "); box.appendChild(verdictItem(current, "span")); } else box.textContent = "untriaged";
      }
      function verdictItem(v, tag) {
        const li = document.createElement(tag || "li");
        const st = document.createElement("span");
        st.className = "st st-" + v.status;
        st.textContent = v.status;
        li.appendChild(st);
        li.append(" by " + v.by + ", " + v.at + ": " + v.note);
        return li;
      }
      document.addEventListener("keydown", ev => {
        if (ev.ctrlKey || ev.metaKey || ev.altKey) return;
        const t = ev.target.tagName;
        if (t === "INPUT" || t === "SELECT" || t === "TEXTAREA") return;
        const keys = {c: "confirmed", f: "false-positive", a: "accepted-risk"};
        if (ev.key === "j") select(at + 1);
        else if (ev.key === "k") select(at - 1);
        else if ((ev.key === "Enter" || ev.key === "o") && rows.length) location.href = rows[at].dataset.href;
        else if (keys[ev.key] && findings.length) ask(findings[at], keys[ev.key]);
        else if (ev.key === "u" && $("#back")) location.href = $("#back").href;
        else if (ev.key === "?") $("#help").hidden = !$("#help").hidden;
        else return;
        ev.preventDefault();
      });
    })();
    """#
}
