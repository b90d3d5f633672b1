// Site-wide behaviour. A form that came back with errors: move focus to its error summary so
// keyboard and screen-reader users land on the list of what to fix.
document.addEventListener("DOMContentLoaded", () => {
  const summary = document.querySelector(".error-summary");
  if (summary) summary.focus();
});
