// Keyboard fast path for reviewing. Shortcuts are ignored while typing in
// a field, except Ctrl/Cmd+Enter (submit) and Escape (leave the field).
//
// Nothing typed is lost: every change to the review form is kept in this
// tab's sessionStorage (keyed by claim and reviewer) until the form is sent,
// so j/k, a link or a reload bring it back. "Add evidence" adds a row in
// the page and puts the cursor in it (no reload).
"use strict";

(() => {
  const form = document.getElementById("review-form");
  const help = document.getElementById("shortcut-help");
  const typing = (element) =>
    element && (element.tagName === "TEXTAREA" || element.tagName === "SELECT" ||
      (element.tagName === "INPUT" && !["radio", "checkbox"].includes(element.type)));

  // ----- The help dialog: keeps focus inside while open, gives it back -----
  let returnTo = null;
  const focusable = () => Array.from(help.querySelectorAll(
    "a[href], button:not([disabled]), input, select, textarea, [tabindex]:not([tabindex='-1'])"));
  const toggleHelp = (show) => {
    if (!help) return;
    const opening = show === undefined ? help.hidden : show;
    if (opening && help.hidden) {
      returnTo = document.activeElement;
      help.hidden = false;
      document.getElementById("shortcut-close")?.focus();
    } else if (!opening && !help.hidden) {
      help.hidden = true;
      if (returnTo && document.contains(returnTo)) returnTo.focus();
      returnTo = null;
    }
  };
  help?.addEventListener("keydown", (event) => {
    if (event.key !== "Tab") return;
    const items = focusable();
    if (items.length === 0) return;
    const first = items[0];
    const last = items[items.length - 1];
    if (event.shiftKey && document.activeElement === first) {
      event.preventDefault();
      last.focus();
    } else if (!event.shiftKey && document.activeElement === last) {
      event.preventDefault();
      first.focus();
    }
  });
  document.getElementById("shortcut-help-button")?.addEventListener("click", () => toggleHelp());
  document.getElementById("shortcut-close")?.addEventListener("click", () => toggleHelp(false));

  // ----- Evidence rows added in the page -----
  const evidence = document.getElementById("evidence-items");
  const addButton = document.getElementById("add-evidence");
  const maxEvidence = Number(evidence?.getAttribute("data-max") || 20);

  const addEvidenceRow = () => {
    const rows = evidence.querySelectorAll(".evidence-item");
    if (rows.length === 0 || rows.length >= maxEvidence) return null;
    const template = rows[rows.length - 1];
    const used = Array.from(rows, (row) => Number(row.getAttribute("data-index")));
    const index = Math.max(...used) + 1;
    const row = template.cloneNode(true);
    const rename = (value) => value.replace(/^evidence-\d+-/, `evidence-${index}-`);
    row.setAttribute("data-index", String(index));
    row.querySelectorAll("[name], [id], [for], [aria-describedby]").forEach((element) => {
      for (const attribute of ["name", "id", "for", "aria-describedby"]) {
        const value = element.getAttribute(attribute);
        if (value) element.setAttribute(attribute, rename(value));
      }
    });
    row.querySelectorAll(".field-error").forEach((element) => element.remove());
    row.querySelectorAll(".has-error").forEach((element) => element.classList.remove("has-error"));
    row.querySelectorAll("[aria-invalid]").forEach((element) => element.removeAttribute("aria-invalid"));
    row.querySelectorAll("input, textarea").forEach((element) => { element.value = ""; });
    row.querySelectorAll("select").forEach((element) => {
      element.selectedIndex = Array.from(element.options).findIndex((option) => option.defaultSelected);
      if (element.selectedIndex < 0) element.selectedIndex = 0;
    });
    const remove = row.querySelector(".remove-evidence");
    if (remove) remove.value = `remove_evidence-${index}`;
    addButton.before(row);
    return row;
  };

  addButton?.addEventListener("click", (event) => {
    const row = addEvidenceRow();
    if (!row) return; // at the limit: the server says so
    event.preventDefault();
    row.querySelector("input")?.focus();
  });

  // ----- The draft kept in this tab -----
  const draftKey = form && form.getAttribute("data-draft-key");
  const storage = (() => {
    try {
      return window.sessionStorage;
    } catch {
      return null; // storage disabled: the form still works, drafts are not kept
    }
  })();
  const kept = (name) => !["csrf_token", "version", "action"].includes(name);

  const snapshot = () => {
    const values = {};
    for (const element of form.elements) {
      if (!element.name || !kept(element.name)) continue;
      if (element.type === "radio") {
        if (element.checked) values[element.name] = element.value;
      } else if (element.tagName !== "BUTTON") {
        values[element.name] = element.value;
      }
    }
    return values;
  };

  const apply = (values) => {
    const needed = Object.keys(values).map((name) => /^evidence-(\d+)-/.exec(name))
      .filter(Boolean).map((match) => Number(match[1]));
    const present = () => Array.from(evidence?.querySelectorAll(".evidence-item") || [],
      (row) => Number(row.getAttribute("data-index")));
    while (evidence && needed.some((index) => !present().includes(index))) {
      if (!addEvidenceRow()) break;
    }
    for (const element of form.elements) {
      if (!element.name || !kept(element.name) || !(element.name in values)) continue;
      if (element.type === "radio") element.checked = element.value === values[element.name];
      else if (element.tagName !== "BUTTON") element.value = values[element.name];
    }
  };

  const same = (a, b) => JSON.stringify(a) === JSON.stringify(b);

  if (form && draftKey && storage) {
    const key = `factcheck:review-draft:${draftKey}`;
    const original = snapshot();
    const saved = storage.getItem(key);
    const showing = form.getAttribute("data-typed") === "true"; // a re-shown form has the typing
    if (saved && !showing) {
      let values = null;
      try {
        values = JSON.parse(saved);
      } catch {
        storage.removeItem(key);
      }
      if (values && !same(values, original)) {
        apply(values);
        const note = document.getElementById("draft-restored");
        if (note) note.hidden = false;
      }
    }
    const keep = () => {
      const now = snapshot();
      if (same(now, original)) storage.removeItem(key);
      else storage.setItem(key, JSON.stringify(now));
    };
    form.addEventListener("input", keep);
    form.addEventListener("change", keep);
    // Sent: the server has it now (saved, or shown again with what was typed).
    form.addEventListener("submit", () => storage.removeItem(key));
    document.getElementById("discard-draft")?.addEventListener("click", () => {
      storage.removeItem(key);
      window.location.reload();
    });
  }

  // ----- Shortcuts -----
  document.addEventListener("keydown", (event) => {
    const active = document.activeElement;
    if (event.key === "Escape") {
      if (help && !help.hidden) toggleHelp(false);
      else if (typing(active)) active.blur();
      return;
    }
    if ((event.ctrlKey || event.metaKey) && event.key === "Enter" && form) {
      event.preventDefault();
      document.getElementById("submit-review")?.click();
      return;
    }
    if (typing(active) || event.ctrlKey || event.metaKey || event.altKey) return;
    if (help && !help.hidden && event.key !== "?") return; // the dialog is modal
    const key = event.key;
    let handled = true;
    if (key === "?") toggleHelp();
    else if (key === "j") document.getElementById("next-claim")?.click();
    else if (key === "k") document.getElementById("prev-claim")?.click();
    else if (!form) handled = false;
    else if (/^[1-8]$/.test(key)) handled = choose("truth-choices", key);
    else if (["a", "m", "u"].includes(key)) handled = choose("attribution-choices", key);
    else if (key === "r") document.getElementById("rationale")?.focus();
    else if (key === "e") addButton?.click();
    else handled = false;
    if (handled) event.preventDefault();
  });

  function choose(groupId, key) {
    const input = document.querySelector(`#${groupId} input[data-key="${key}"]`);
    if (!input) return false;
    input.checked = true;
    input.focus();
    input.dispatchEvent(new Event("change", { bubbles: true }));
    return true;
  }
})();
