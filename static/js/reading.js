// Reading view: turn a text selection in the article into "Add a claim".
// The server needs exact offsets into the body. The article element holds
// the body's text and nothing else (the template trims whitespace between
// pieces), so an offset is the length of the text from the start of the
// article to the selection's edge. Measuring with a Range works whatever
// node the browser reports (a text node, or an element and a child index).
"use strict";

(() => {
  const body = document.getElementById("article-body");
  const form = document.getElementById("add-claim-form");
  if (!body || !form) return;

  const offsetOf = (node, offset) => {
    if (node !== body && !body.contains(node)) return null;
    const range = document.createRange();
    range.setStart(body, 0);
    range.setEnd(node, offset);
    return range.toString().length;
  };

  const takeSelection = () => {
    const selection = window.getSelection();
    if (!selection || selection.rangeCount === 0 || selection.isCollapsed) return;
    const range = selection.getRangeAt(0);
    const start = offsetOf(range.startContainer, range.startOffset);
    const end = offsetOf(range.endContainer, range.endOffset);
    if (start === null || end === null || end <= start) return;
    form.elements.start.value = String(start);
    form.elements.end.value = String(end);
    form.elements.quote.value = range.toString();
    form.classList.add("has-selection");
  };

  document.addEventListener("selectionchange", takeSelection);

  // Typing a quote by hand means the offsets no longer apply.
  form.elements.quote.addEventListener("input", () => {
    form.elements.start.value = "";
    form.elements.end.value = "";
    form.classList.remove("has-selection");
  });
})();
