// The article's text with its claims (reading view and review page).
//
// Claims are <mark>s, not links, so a drag selects text anywhere, inside a
// claim too. A click that selects nothing opens the claim under the pointer
// (the innermost one when claims nest). The article is one tab stop: the
// arrow keys move between claims, Enter opens one.
//
// A selection becomes "Make a claim of this" (and, with a claim open,
// "Make this the selected claim's text"). The server needs exact offsets
// into the body. The article element holds the body's text and nothing
// else (the template trims whitespace between pieces), so an offset is the
// length of the text from the start of the article to the selection's edge.
// The server snaps the span to whole words.
"use strict";

(() => {
  const body = document.getElementById("article-body");
  if (!body) return;
  const addForm = document.getElementById("add-claim-form");
  const moveForm = document.getElementById("move-claim-form");
  const actions = document.getElementById("selection-actions");

  // ----- Opening claims: click, arrows, Enter -----
  const claims = () => Array.from(body.querySelectorAll("mark.claim:not(.continued)"));
  const open = (mark) => {
    const href = mark && mark.getAttribute("data-href");
    if (href) window.location.assign(href);
  };

  // A double click selects a word, so a single click waits for the
  // double-click interval before it opens the claim.
  let pending = null;
  body.addEventListener("click", (event) => {
    window.clearTimeout(pending);
    const mark = event.target.closest("mark.claim");
    if (!mark || event.detail > 1) return;
    pending = window.setTimeout(() => {
      const selection = window.getSelection();
      if (selection && !selection.isCollapsed) return; // a drag: keep the selection
      open(body.querySelector(`#claim-${mark.getAttribute("data-claim-id")}`) || mark);
    }, 300);
  });

  const current = () => {
    const active = document.activeElement;
    return active && active.matches && active.matches("mark.claim") ? active : null;
  };

  body.addEventListener("keydown", (event) => {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    const list = claims();
    if (list.length === 0) return;
    const here = current();
    const at = here ? list.indexOf(here) : -1;
    const selected = body.querySelector("mark.claim.selected:not(.continued)");
    let next = null;
    if (event.key === "ArrowDown" || event.key === "ArrowRight") {
      next = here ? list[Math.min(at + 1, list.length - 1)] : (selected || list[0]);
    } else if (event.key === "ArrowUp" || event.key === "ArrowLeft") {
      next = here ? list[Math.max(at - 1, 0)] : (selected || list[list.length - 1]);
    } else if (event.key === "Home") {
      next = list[0];
    } else if (event.key === "End") {
      next = list[list.length - 1];
    } else if (event.key === "Enter" && here) {
      event.preventDefault();
      open(here);
      return;
    } else if (event.key === "Escape" && here) {
      body.focus();
      event.stopPropagation();
      return;
    } else {
      return;
    }
    event.preventDefault();
    next.focus();
  });

  // ----- Selecting text: make a claim of it, or move the open claim -----
  if (!addForm && !moveForm) return;

  const offsetOf = (node, offset) => {
    if (node !== body && !body.contains(node)) return null;
    const range = document.createRange();
    range.setStart(body, 0);
    range.setEnd(node, offset);
    return range.toString().length;
  };

  const hideActions = () => {
    if (actions) actions.hidden = true;
  };

  const showActions = (range) => {
    if (!actions) return;
    const box = range.getBoundingClientRect();
    const column = actions.offsetParent || document.body;
    const frame = column.getBoundingClientRect();
    actions.hidden = false;
    actions.style.top = `${box.bottom - frame.top + 6}px`;
    actions.style.left = `${Math.max(0, box.left - frame.left)}px`;
  };

  const takeSelection = () => {
    const selection = window.getSelection();
    if (!selection || selection.rangeCount === 0 || selection.isCollapsed) return;
    const range = selection.getRangeAt(0);
    const start = offsetOf(range.startContainer, range.startOffset);
    const end = offsetOf(range.endContainer, range.endOffset);
    if (start === null || end === null || end <= start) return;
    for (const form of [addForm, moveForm]) {
      if (!form) continue;
      form.elements.start.value = String(start);
      form.elements.end.value = String(end);
    }
    if (addForm) {
      addForm.elements.quote.value = range.toString();
      addForm.classList.add("has-selection");
    }
    showActions(range);
  };

  document.addEventListener("selectionchange", takeSelection);
  // A click elsewhere (not on the buttons) drops the offer.
  document.addEventListener("mousedown", (event) => {
    if (actions && !actions.contains(event.target)) hideActions();
  });
  document.addEventListener("keydown", (event) => {
    if (event.key === "Escape") hideActions();
  });

  // Typing a quote by hand means the offsets no longer apply.
  addForm?.elements.quote.addEventListener("input", () => {
    addForm.elements.start.value = "";
    addForm.elements.end.value = "";
    addForm.classList.remove("has-selection");
    hideActions();
  });
})();
