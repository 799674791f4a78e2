// Small page behaviours declared in the markup, so no template needs an inline handler
// (the Content-Security-Policy runs no onclick=… attribute):
//   <form data-confirm="…">   asks before submitting;
//   <form data-inert>         never submits (the designer's preview);
//   <button data-action="reload|print">.
(function () {
  "use strict";
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (form.hasAttribute("data-inert")) {
      event.preventDefault();
    } else if (form.hasAttribute("data-confirm") && !window.confirm(form.getAttribute("data-confirm"))) {
      event.preventDefault();
    }
  });
  document.addEventListener("click", function (event) {
    var button = event.target.closest ? event.target.closest("[data-action]") : null;
    if (!button) return;
    var action = button.getAttribute("data-action");
    if (action === "reload") window.location.reload();
    else if (action === "print") window.print();
  });
})();
