// Partial updates in htmx's protocol, without htmx: a form inside an
// element marked `data-fragment` is sent with fetch and the header
// `HX-Request: true`; the server answers with that element's new HTML
// (the page's block, rendered alone by djula's Template::render_block),
// which replaces it. The answer `HX-Refresh: true` (the session ended)
// reloads the page. Without JavaScript, or on any other answer, the form
// is submitted as usual, so every page still works without this file.
"use strict";

// A control marked `data-submit-on-change` (a task's checkbox) submits its
// form when changed: here, as the Content-Security-Policy allows no inline
// handler.
document.addEventListener("change", (event) => {
  const control = event.target;
  if (control instanceof HTMLInputElement && control.hasAttribute("data-submit-on-change")) {
    control.form?.requestSubmit();
  }
});

document.addEventListener("submit", async (event) => {
  const form = event.target;
  const region = form.closest("[data-fragment]");
  if (!region || event.defaultPrevented) {
    return;
  }
  event.preventDefault();
  // Where the focus goes back after the swap: the same control of the
  // same row (the checkbox when the change submitted the form).
  const rowId = form.closest("[id]")?.id;
  const control = event.submitter ? "button" : "input[type=checkbox]";
  let response;
  try {
    response = await fetch(form.action, {
      method: "POST",
      body: new URLSearchParams(new FormData(form)),
      headers: { "HX-Request": "true" },
      credentials: "same-origin",
    });
  } catch {
    form.submit();
    return;
  }
  if (response.headers.get("HX-Refresh") === "true") {
    location.reload();
    return;
  }
  if (!response.ok) {
    form.submit();
    return;
  }
  region.outerHTML = await response.text();
  document.getElementById(rowId)?.querySelector(control)?.focus();
});
