// Record lists: column order (↑/↓ move a column in the columns panel), «select the page»,
// confirming a bulk delete, and a bulk action over a whole list, batch by batch with a
// progress bar (the server answers each batch with the id to go on after).
(function () {
  "use strict";

  document.addEventListener("click", function (event) {
    var move = event.target.closest("button.move");
    if (move) {
      var item = move.closest("li");
      if (move.dataset.move === "up" && item.previousElementSibling) {
        item.parentNode.insertBefore(item, item.previousElementSibling);
      } else if (move.dataset.move === "down" && item.nextElementSibling) {
        item.parentNode.insertBefore(item.nextElementSibling, item);
      }
      move.focus();
    }
  });

  document.addEventListener("change", function (event) {
    if (!event.target.classList.contains("select-page")) return;
    document.querySelectorAll('input[name="ids"][form="bulk-form"]').forEach(function (box) {
      if (box.offsetParent !== null) box.checked = event.target.checked;
    });
  });

  var form = document.getElementById("bulk-form");
  if (!form) return;
  var lastButton = null;
  form.addEventListener("click", function (event) {
    var button = event.target.closest("button[name=action]");
    if (button) lastButton = button;
  });

  form.addEventListener("submit", function (event) {
    var button = event.submitter || lastButton;
    if (button && button.dataset.confirmClick && !window.confirm(button.dataset.confirmClick)) {
      event.preventDefault();
      return;
    }
    var all = form.querySelector('input[name="scope"][value="all"]');
    if (!all || !all.checked || !window.fetch) return;
    event.preventDefault();
    runAll(button);
  });

  function runAll(button) {
    var progress = form.querySelector(".bulk-progress");
    var status = form.querySelector(".bulk-status");
    var total = parseInt(form.dataset.total, 10) || 0;
    var done = 0, changed = 0;
    progress.hidden = false;
    progress.max = Math.max(total, 1);
    function step(after) {
      var body = new FormData(form);
      if (button) body.set("action", button.value);
      body.set("after", String(after));
      return fetch(form.action, {
        method: "POST",
        body: body,
        headers: { Accept: "application/json" },
        credentials: "same-origin",
      })
        .then(function (response) {
          return response.json().then(function (data) {
            if (!response.ok) throw new Error((data.error && data.error.message) || response.statusText);
            return data;
          });
        })
        .then(function (data) {
          changed += data.changed;
          done += data.changed + data.unchanged;
          progress.value = Math.min(done, progress.max);
          status.textContent = done + " / " + total;
          if (data.next !== null && data.next !== undefined) return step(data.next);
          status.textContent = form.dataset.doneText.replace("{n}", String(changed));
          window.location.reload();
        });
    }
    step(0).catch(function (error) {
      status.textContent = error.message;
    });
  }
})();
