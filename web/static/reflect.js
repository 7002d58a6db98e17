// The reflection form's helpers. The form works without them; with them,
// nothing typed is lost: every change is kept in this browser at once
// (localStorage) and sent to debrief as a draft a moment later, so it comes
// back after a closed tab, a browser crash or a restart of debrief.
"use strict";
(function () {
  var form = document.getElementById("reflect");
  if (!form) return;
  var id = form.dataset.id;
  var draftURL = form.dataset.draftUrl;
  var key = "debrief-draft-" + id;
  var status = document.getElementById("draft-status");
  var serverTime = Number(form.dataset.draftTime || 0); // ms; 0: no draft on the server
  var timer = null;
  var dirty = false;

  function say(text) { if (status) status.textContent = text; }
  function clock(ms) {
    var d = new Date(ms);
    return ("0" + d.getHours()).slice(-2) + ":" + ("0" + d.getMinutes()).slice(-2);
  }
  function fields() {
    var out = [];
    new FormData(form).forEach(function (v, k) { if (typeof v === "string") out.push([k, v]); });
    return out;
  }
  function body(entries) {
    var p = new URLSearchParams();
    entries.forEach(function (e) { p.append(e[0], e[1]); });
    return p;
  }

  // A refused save: the summary of what to fix takes the focus, so the
  // keyboard and a screen reader start there; its links lead to the fields.
  var refused = document.getElementById("errors") || document.getElementById("conflicts");
  if (refused) refused.focus();

  // A save that succeeded: what this browser kept is in the notebook now.
  if (form.dataset.saved === "1") {
    try { localStorage.removeItem(key); } catch (e) {}
  }

  function keepLocal() {
    try { localStorage.setItem(key, JSON.stringify({ t: Date.now(), v: fields() })); } catch (e) {}
  }
  function send() {
    timer = null;
    if (!dirty) return;
    dirty = false;
    var entries = fields();
    fetch(draftURL, {
      method: "POST", body: body(entries), credentials: "same-origin",
      headers: { "Accept": "application/json" }
    }).then(function (r) {
      if (!r.ok) throw new Error(r.status);
      say("Draft kept at " + clock(Date.now()) + ". Not saved to the notebook yet.");
    }).catch(function () {
      dirty = true;
      say("debrief did not answer: your text is kept in this browser and sent when it answers.");
      timer = setTimeout(send, 5000);
    });
  }
  function changed() {
    dirty = true;
    keepLocal();
    if (!timer) timer = setTimeout(send, 800);
  }
  form.addEventListener("input", changed);
  form.addEventListener("change", changed);
  // Leaving the page: send what is pending without waiting for an answer.
  window.addEventListener("pagehide", function () {
    if (dirty && navigator.sendBeacon) { navigator.sendBeacon(draftURL, body(fields())); dirty = false; }
  });
  form.addEventListener("submit", function () {
    if (timer) { clearTimeout(timer); timer = null; }
    dirty = false;
  });

  // Blocks (questions, action items): "Add another" copies the last one,
  // empty, with the next number in its fields' names and ids.
  function addBlock(list) {
    var blocks = list.querySelectorAll(":scope > .block");
    var last = blocks[blocks.length - 1];
    var n = blocks.length;
    var copy = last.cloneNode(true);
    var from = "." + (n - 1) + ".", to = "." + n + ".";
    copy.querySelectorAll("[name],[id],[for],[aria-describedby]").forEach(function (el) {
      ["name", "id", "for", "aria-describedby"].forEach(function (a) {
        var v = el.getAttribute(a);
        if (v) el.setAttribute(a, v.split(from).join(to));
      });
      if (el.type === "checkbox" || el.type === "radio") el.checked = false;
      else if ("value" in el && el.tagName !== "BUTTON") el.value = "";
      el.removeAttribute("aria-invalid");
    });
    copy.querySelectorAll(".field-error").forEach(function (el) { el.remove(); });
    var h = copy.querySelector("[data-number]");
    if (h) h.textContent = String(n + 1);
    last.after(copy);
    return copy;
  }
  document.querySelectorAll("[data-add]").forEach(function (btn) {
    var list = document.getElementById(btn.dataset.add);
    btn.hidden = false;
    btn.addEventListener("click", function () {
      var copy = addBlock(list);
      var first = copy.querySelector("input,textarea,select");
      if (first) first.focus();
    });
  });

  // Put entries back into the form, adding blocks where needed.
  function restore(entries) {
    var byName = {};
    entries.forEach(function (e) { (byName[e[0]] = byName[e[0]] || []).push(e[1]); });
    Object.keys(byName).forEach(function (name) {
      var m = /^(.*)\.(\d+)\.[^.]+$/.exec(name);
      if (!m) return;
      var list = document.getElementById(m[1]);
      while (list && list.querySelectorAll(":scope > .block").length <= Number(m[2])) addBlock(list);
    });
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!el.name || !(el.name in byName)) return;
      var vs = byName[el.name];
      if (el.type === "checkbox" || el.type === "radio") el.checked = vs.indexOf(el.value) >= 0;
      else el.value = vs.shift();
    });
    Array.prototype.forEach.call(form.elements, function (el) {
      if (el.type === "checkbox" && el.name && !(el.name in byName)) el.checked = false;
    });
  }

  // Text this browser kept that never reached debrief (it was down, or
  // the browser crashed first) is newer than the page: put it back.
  var kept = null;
  try { kept = JSON.parse(localStorage.getItem(key) || "null"); } catch (e) {}
  if (kept && kept.t > serverTime && form.dataset.saved !== "1") {
    var now = JSON.stringify(fields());
    if (JSON.stringify(kept.v) !== now) {
      restore(kept.v);
      say("Put back what you typed at " + clock(kept.t) + ", which had not reached debrief. It is kept as a draft now.");
      dirty = true;
      send();
    }
  }
})();
