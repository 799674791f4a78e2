/* The rule designer: each attribute rule's condition is a visual condition builder
   (condition_builder.js); rules are added from the page's <template>, deleted, reordered by
   drag (SortableJS) or by the move buttons (keyboard), and every change refreshes the
   «would score» preview. */
(function () {
  "use strict";
  var form = document.getElementById("rules-form");
  if (!form) return;
  var rows = document.getElementById("rules");
  var template = document.getElementById("new-rule");
  var addButton = document.getElementById("add-rule");

  function moved() {
    form.dispatchEvent(new Event("rules-moved", { bubbles: true }));
  }

  function newKey() {
    var key;
    do {
      key = "rule_" + Date.now().toString(36) + Math.floor(Math.random() * 1296).toString(36);
    } while (rows.querySelector('tr[data-rule="' + key + '"]'));
    return key;
  }

  function addRule() {
    var key = newKey();
    var row = template.content.firstElementChild.cloneNode(true);
    row.dataset.rule = key;
    row.querySelectorAll("[name]").forEach(function (input) {
      input.name = input.name.replace("__key__", key);
      if (input.value === "__key__") input.value = key;
    });
    rows.appendChild(row);
    if (window.TesseraConditionBuilder) window.TesseraConditionBuilder.mountAll(row);
    row.querySelector(".rule-label").focus();
    moved();
  }

  if (addButton && template) addButton.addEventListener("click", addRule);

  rows.addEventListener("click", function (event) {
    var button = event.target.closest("button.move-up, button.move-down, button.delete-rule");
    if (!button || button.closest("tbody") !== rows) return;
    var row = button.closest("tr.rule-row");
    if (button.classList.contains("delete-rule")) {
      var next = row.nextElementSibling || row.previousElementSibling;
      row.remove();
      (next ? next.querySelector("button.delete-rule") : addButton).focus();
      moved();
      return;
    }
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
