// Keyboard fast path for reviewing. Shortcuts are ignored while typing in
// a field, except Ctrl/Cmd+Enter (submit) and Escape (leave the field).
"use strict";

(() => {
  const form = document.getElementById("review-form");
  const help = document.getElementById("shortcut-help");
  const typing = (element) =>
    element && (element.tagName === "TEXTAREA" || element.tagName === "SELECT" ||
      (element.tagName === "INPUT" && !["radio", "checkbox"].includes(element.type)));

  const toggleHelp = (show) => {
    if (!help) return;
    help.hidden = show === undefined ? !help.hidden : !show;
    if (!help.hidden) document.getElementById("shortcut-close")?.focus();
  };
  document.getElementById("shortcut-help-button")?.addEventListener("click", () => toggleHelp());
  document.getElementById("shortcut-close")?.addEventListener("click", () => toggleHelp(false));

  const choose = (groupId, key) => {
    const input = document.querySelector(`#${groupId} input[data-key="${key}"]`);
    if (!input) return false;
    input.checked = true;
    input.focus();
    return true;
  };

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
    const key = event.key;
    let handled = true;
    if (key === "?") toggleHelp();
    else if (key === "j") document.getElementById("next-claim")?.click();
    else if (key === "k") document.getElementById("prev-claim")?.click();
    else if (!form) handled = false;
    else if (/^[1-8]$/.test(key)) handled = choose("truth-choices", key);
    else if (["a", "m", "u"].includes(key)) handled = choose("attribution-choices", key);
    else if (key === "r") document.getElementById("rationale")?.focus();
    else if (key === "e") document.getElementById("add-evidence")?.click();
    else handled = false;
    if (handled) event.preventDefault();
  });
})();
