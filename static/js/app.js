// Small progressive enhancements. Every page works without this file.
"use strict";

document.addEventListener("submit", (event) => {
  const form = event.target;
  // Forms that destroy or publish something ask first.
  const question = form.getAttribute("data-confirm");
  if (question && !window.confirm(question)) {
    event.preventDefault();
    return;
  }
  // Stop double submissions from a double click.
  const button = form.querySelector("button[type=submit]");
  if (button && !form.hasAttribute("data-allow-resubmit")) {
    window.setTimeout(() => { button.disabled = true; }, 0);
  }
});
