// Light progressive enhancement for the explorer's GET forms; every page works without it.
"use strict";

// Leave empty fields (blank numbers, "unknown" radios) out of the query string, so a
// shared link carries only what was chosen.
document.querySelectorAll("form[data-compact]").forEach((form) => {
  form.addEventListener("submit", () => {
    for (const el of form.elements) {
      if (el.name && !el.disabled && el.value === "" && el.type !== "submit") {
        el.disabled = true;
        el.dataset.compacted = "1";
      }
    }
  });
});

// Coming back through the history restores a page whose fields were disabled above.
window.addEventListener("pageshow", () => {
  document.querySelectorAll("[data-compacted]").forEach((el) => {
    el.disabled = false;
    delete el.dataset.compacted;
  });
});

// "Print" buttons of an answer: the print stylesheet keeps the answer, its date and its address.
document.querySelectorAll("button[data-print]").forEach((button) => {
  button.hidden = false;
  button.addEventListener("click", () => window.print());
});
