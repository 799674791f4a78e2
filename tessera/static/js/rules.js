/* The rule designer: operator pickers follow the chosen field, rows reorder by drag (SortableJS)
   or by the move buttons (keyboard), and every change refreshes the «would score» preview. */
(function () {
  "use strict";
  var form = document.getElementById("rules-form");
  if (!form) return;
  var pickers = JSON.parse(form.dataset.pickers || "{}");
  var labels = JSON.parse(form.dataset.opLabels || "{}");
  var english = (form.dataset.locale || "").indexOf("en") === 0;
  var rows = document.getElementById("rules");

  function moved() {
    form.dispatchEvent(new Event("rules-moved", { bubbles: true }));
  }

  function fillOperators(fieldSelect) {
    var cell = fieldSelect.closest("td");
    var opSelect = cell.querySelector(".pick-op");
    if (!opSelect) return;
    var current = opSelect.value;
    opSelect.innerHTML = "";
    (pickers[fieldSelect.value] || []).forEach(function (op) {
      var option = document.createElement("option");
      var label = labels[op] || {};
      option.value = op;
      option.textContent = (english ? label.en : label["zh-CN"]) || op;
      if (op === current) option.selected = true;
      opSelect.appendChild(option);
    });
  }

  form.addEventListener("change", function (event) {
    if (event.target.classList.contains("pick-field")) fillOperators(event.target);
  });

  rows.addEventListener("click", function (event) {
    var button = event.target.closest("button.move-up, button.move-down");
    if (!button) return;
    var row = button.closest("tr");
    if (button.classList.contains("move-up") && row.previousElementSibling) {
      rows.insertBefore(row, row.previousElementSibling);
    } else if (button.classList.contains("move-down") && row.nextElementSibling) {
      rows.insertBefore(row.nextElementSibling, row);
    } else {
      return;
    }
    button.focus();
    moved();
  });

  if (window.Sortable) {
    window.Sortable.create(rows, { handle: ".handle", animation: 120, forceFallback: true, onEnd: moved });
  }
})();
