// The form designer: SortableJS drags become htmx POSTs of one edit each; the server answers
// with the re-rendered designer (or a conflict message), so the page never holds state the
// server does not. Every drag has a button alternative in the markup for keyboard users.
(function () {
  "use strict";

  function root() { return document.getElementById("designer"); }

  function csrf() {
    var el = document.querySelector("[data-csrf]");
    return el ? el.getAttribute("data-csrf") : "";
  }

  document.addEventListener("htmx:configRequest", function (evt) {
    evt.detail.headers["X-CSRFToken"] = csrf();
  });

  // Refusals (409 conflict, 422 invalid edit) carry markup meant for the page.
  document.addEventListener("htmx:beforeSwap", function (evt) {
    var status = evt.detail.xhr.status;
    if (status === 409 || status === 422) {
      evt.detail.shouldSwap = true;
      evt.detail.isError = false;
    }
  });

  var lastFocus = null;
  var inFlight = 0;
  document.addEventListener("htmx:beforeRequest", function () {
    inFlight += 1;
    var el = document.activeElement;
    if (!lastFocus) lastFocus = el && el.id ? el.id : null;
  });
  document.addEventListener("htmx:afterRequest", function () { inFlight = Math.max(0, inFlight - 1); });

  // One edit at a time: a drag dropped while an autosave is on its way waits for it, so it
  // is sent with the revision that save produced (not refused as a stale one).
  function post(edit, values) {
    if (inFlight > 0) {
      setTimeout(function () { post(edit, values); }, 50);
      return;
    }
    var d = root();
    values.revision = d.getAttribute("data-revision");
    htmx.ajax("POST", d.getAttribute("data-edit-url") + edit, {
      target: "#designer", swap: "outerHTML", values: values
    });
  }

  // Dragged items carry no text: dropped over an input it would be typed into it.
  function noText(dataTransfer) { dataTransfer.setData("Text", ""); }

  function selectField(key) {
    var d = root();
    var url = d.getAttribute("data-workspace-url") + "?field=" + encodeURIComponent(key);
    lastFocus = "prop-label-zh";
    return htmx.ajax("GET", url, { target: "#designer", swap: "outerHTML" });
  }

  function targetSection() {
    var d = root();
    var selected = d.getAttribute("data-selected");
    var card = selected && d.querySelector('.field-card[data-key="' + selected + '"]');
    var list = card ? card.closest(".field-list") : d.querySelector(".field-list");
    return list ? list.getAttribute("data-section") : "";
  }

  function initSortables() {
    var d = root();
    if (!d || typeof Sortable === "undefined") return;
    d.querySelectorAll("[data-palette]").forEach(function (list) {
      Sortable.create(list, {
        group: { name: "fields", pull: "clone", put: false }, sort: false, animation: 120,
        setData: noText
      });
    });
    d.querySelectorAll(".field-list").forEach(function (list) {
      Sortable.create(list, {
        group: { name: "fields", pull: true, put: true },
        animation: 120,
        setData: noText,
        filter: ".field-tools",
        preventOnFilter: false,
        onAdd: function (evt) {
          var item = evt.item;
          var type = item.getAttribute("data-type");
          var restore = item.getAttribute("data-restore");
          if (!type && !restore) return; // a field moved in: the source list posts it
          var section = evt.to.getAttribute("data-section");
          item.remove();
          if (type) post("add_field", { type: type, section: section, index: evt.newIndex });
          else post("restore_field", { key: restore, section: section, index: evt.newIndex });
        },
        onEnd: function (evt) {
          if (!evt.to.classList.contains("field-list")) return;
          if (evt.to === evt.from && evt.newIndex === evt.oldIndex) return;
          post("move_field", {
            key: evt.item.getAttribute("data-key"),
            section: evt.to.getAttribute("data-section"),
            index: evt.newIndex
          });
        }
      });
    });
    var options = d.querySelector("#options-list");
    if (options) {
      Sortable.create(options, {
        animation: 120,
        handle: ".drag-handle",
        setData: noText,
        onEnd: function (evt) {
          if (evt.newIndex === evt.oldIndex) return;
          var order = Array.prototype.map.call(options.children, function (li) {
            return li.getAttribute("data-option");
          });
          post("reorder_options", { key: options.getAttribute("data-key"), order: JSON.stringify(order) });
        }
      });
    }
  }

  function reloadPreview() {
    var section = document.getElementById("preview");
    var frame = document.getElementById("preview-frame");
    if (!section || !frame || section.hidden) return;
    var device = section.getAttribute("data-device") || "desktop";
    frame.src = frame.getAttribute("data-src") + "?device=" + device + "&r=" + (root() ? root().getAttribute("data-revision") : "");
  }

  function showPreview(device) {
    var section = document.getElementById("preview");
    var wasSame = !section.hidden && section.getAttribute("data-device") === device;
    section.hidden = wasSame;
    section.setAttribute("data-device", device);
    document.querySelectorAll("[data-preview]").forEach(function (b) {
      b.setAttribute("aria-pressed", String(!wasSame && b.getAttribute("data-preview") === device));
    });
    reloadPreview();
  }

  document.addEventListener("click", function (evt) {
    var add = evt.target.closest(".palette-add");
    if (add && root() && root().contains(add)) {
      var section = targetSection();
      lastFocus = add.id;
      if (add.getAttribute("data-type")) post("add_field", { type: add.getAttribute("data-type"), section: section });
      else post("restore_field", { key: add.getAttribute("data-restore"), section: section });
      return;
    }
    var pick = evt.target.closest(".field-select");
    if (pick) { selectField(pick.getAttribute("data-key")); return; }
    var preview = evt.target.closest("[data-preview]");
    if (preview) showPreview(preview.getAttribute("data-preview"));
  });

  document.addEventListener("htmx:afterSettle", function (evt) {
    if (evt.detail.target && evt.detail.target.id === "designer-alert") return;
    initSortables();
    reloadPreview();
    if (lastFocus) {
      var el = document.getElementById(lastFocus);
      lastFocus = null;
      if (el) el.focus();
    }
  });

  // App page: drag forms into menu order (the arrows do the same without a mouse).
  function initFormOrder() {
    var list = document.getElementById("form-order");
    if (!list || typeof Sortable === "undefined") return;
    Sortable.create(list, {
      animation: 120,
      handle: ".drag-handle",
      onEnd: function (evt) {
        if (evt.newIndex === evt.oldIndex) return;
        var form = document.createElement("form");
        form.method = "post";
        form.action = list.getAttribute("data-url");
        var order = Array.prototype.map.call(list.children, function (li) { return li.getAttribute("data-form"); });
        [["csrf_token", list.getAttribute("data-csrf")], ["revision", list.getAttribute("data-revision")],
         ["order", order.join(",")]].forEach(function (pair) {
          var input = document.createElement("input");
          input.type = "hidden"; input.name = pair[0]; input.value = pair[1];
          form.appendChild(input);
        });
        document.body.appendChild(form);
        form.submit();
      }
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    initSortables();
    initFormOrder();
  });
})();
