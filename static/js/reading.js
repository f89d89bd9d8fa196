// Reading view: turn a text selection in the article into "Add a claim".
// The server needs exact offsets into the body; each rendered piece carries
// its starting offset in data-start, so offset = data-start + position.
"use strict";

(() => {
  const body = document.getElementById("article-body");
  const form = document.getElementById("add-claim-form");
  if (!body || !form) return;

  const offsetOf = (node, offset) => {
    let element = node.nodeType === Node.TEXT_NODE ? node.parentElement : node;
    if (!element || !body.contains(element)) return null;
    const piece = element.closest("[data-start]");
    if (!piece) return null;
    return Number(piece.getAttribute("data-start")) + offset;
  };

  document.addEventListener("selectionchange", () => {
    const selection = window.getSelection();
    if (!selection || selection.rangeCount === 0 || selection.isCollapsed) return;
    const range = selection.getRangeAt(0);
    const start = offsetOf(range.startContainer, range.startOffset);
    const end = offsetOf(range.endContainer, range.endOffset);
    if (start === null || end === null || end <= start) return;
    form.elements.start.value = String(start);
    form.elements.end.value = String(end);
    form.elements.quote.value = selection.toString();
  });

  // Typing a quote by hand means the offsets no longer apply.
  form.elements.quote.addEventListener("input", () => {
    form.elements.start.value = "";
    form.elements.end.value = "";
  });
})();
