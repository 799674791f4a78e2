// Link-field pickers. The server renders a link field as a <select> of the newest records
// (what works without JavaScript); this turns each one carrying data-picker into a search box
// (ARIA combobox) whose results come from the server as the user types, within their scope.
// Arrows move, Enter picks (the first result when none is highlighted), Escape closes (again: restores the picked record); a tap picks on
// a phone. The <select> stays in the form, hidden, and submits the picked record's id.
(function () {
  "use strict";
  var DELAY_MS = 200;

  function el(tag, className) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    return node;
  }

  function enhance(select) {
    var data = select.dataset;
    var listId = select.id + "-results";
    var box = el("div", "link-picker");
    var input = el("input", "link-picker-input");
    var clear = el("button", "link-picker-clear");
    var list = el("ul", "link-picker-list");
    var status = el("p", "link-picker-status");
    var label = document.querySelector('label[for="' + select.id + '"]');
    var chosenTitle = data.pickerTitle || "";
    var offers = [], active = -1, timer = null, pending = null, asked = null;

    input.type = "text";
    input.id = select.id + "-search";
    input.value = chosenTitle;
    input.placeholder = data.pickerSearch || "";
    input.autocomplete = "off";
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", listId);
    ["aria-describedby", "aria-invalid", "required"].forEach(function (name) {
      if (select.hasAttribute(name)) input.setAttribute(name, select.getAttribute(name));
    });
    clear.type = "button";
    clear.textContent = "×";
    clear.setAttribute("aria-label", data.pickerClear || "Clear");
    clear.hidden = !select.value;
    list.id = listId;
    list.hidden = true;
    list.setAttribute("role", "listbox");
    if (label) {
      label.htmlFor = input.id;
      list.setAttribute("aria-label", label.firstChild.textContent.trim()); // not the «*»
    }
    status.setAttribute("role", "status");
    status.hidden = true;
    box.append(input, clear, list, status);
    select.after(box);
    select.hidden = true;
    select.tabIndex = -1;

    function say(text) {
      status.textContent = text || "";
      status.hidden = !text;
    }

    function open(isOpen) {
      list.hidden = !isOpen;
      input.setAttribute("aria-expanded", isOpen ? "true" : "false");
      if (!isOpen) {
        setActive(-1);
        say("");
      }
    }

    function setActive(index) {
      active = index;
      Array.prototype.forEach.call(list.children, function (item, i) {
        item.classList.toggle("active", i === index);
        item.setAttribute("aria-selected", i === index ? "true" : "false");
      });
      if (index >= 0) {
        input.setAttribute("aria-activedescendant", list.children[index].id);
        list.children[index].scrollIntoView({ block: "nearest" });
      } else {
        input.removeAttribute("aria-activedescendant");
      }
    }

    function show(records) {
      offers = records;
      list.textContent = "";
      records.forEach(function (record, i) {
        var item = el("li", "link-picker-option");
        var title = el("span", "link-picker-title");
        var detail = el("span", "link-picker-detail");
        item.id = listId + "-" + i;
        item.setAttribute("role", "option");
        item.dataset.id = record.id;
        title.textContent = record.title;
        detail.textContent = (record.detail ? record.detail + " · " : "") + "#" + record.id;
        item.append(title, detail);
        list.append(item);
      });
      open(records.length > 0);
      say(records.length ? "" : data.pickerEmpty);
    }

    function search(text) {
      if (pending) pending.abort();
      pending = new AbortController();
      asked = text;
      fetch(data.picker + "?q=" + encodeURIComponent(text), {
        credentials: "same-origin",
        headers: { Accept: "application/json" },
        signal: pending.signal
      })
        .then(function (response) {
          if (!response.ok) throw new Error(response.status);
          return response.json();
        })
        .then(function (body) {
          if (asked === text && document.activeElement === input) show(body.records || []);
        })
        .catch(function (error) {
          if (error.name !== "AbortError") {
            open(false);
            say(data.pickerFailed);
          }
        });
    }

    function settle() { // a search still on its way must not reopen the list
      clearTimeout(timer);
      if (pending) pending.abort();
      asked = null;
    }

    function choose(record) {
      settle();
      var option = select.querySelector('option[value="' + record.id + '"]');
      if (!option) {
        option = el("option");
        option.value = String(record.id);
        option.textContent = record.title + " (#" + record.id + ")";
        select.append(option);
      }
      select.value = String(record.id);
      chosenTitle = input.value = record.title;
      clear.hidden = false;
      open(false);
      select.dispatchEvent(new Event("change", { bubbles: true }));
    }

    function unset() {
      settle();
      select.value = "";
      chosenTitle = input.value = "";
      clear.hidden = true;
      select.dispatchEvent(new Event("change", { bubbles: true }));
    }

    input.addEventListener("input", function () {
      clearTimeout(timer);
      if (!input.value.trim() && select.value) unset();
      timer = setTimeout(function () { search(input.value.trim()); }, DELAY_MS);
    });
    input.addEventListener("focus", function () {
      if (!input.value) search("");
    });
    input.addEventListener("keydown", function (event) {
      var isOpen = !list.hidden;
      if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        event.preventDefault();
        if (!isOpen) return search(input.value === chosenTitle ? "" : input.value.trim());
        var step = event.key === "ArrowDown" ? 1 : -1;
        setActive((active + step + offers.length) % offers.length);
      } else if (event.key === "Enter" && isOpen) {
        event.preventDefault(); // picking, not submitting the form
        if (offers.length) choose(offers[Math.max(active, 0)]);
      } else if (event.key === "Escape") {
        if (isOpen) {
          event.preventDefault();
          open(false);
        } else if (input.value !== chosenTitle) {
          event.preventDefault();
          input.value = chosenTitle;
        }
      } else if (event.key === "Tab") {
        open(false);
      }
    });
    input.addEventListener("blur", function () {
      setTimeout(function () {
        if (document.activeElement === input) return;
        open(false);
        if (input.value !== chosenTitle) input.value = chosenTitle; // typed, never picked
      }, 150);
    });
    // mousedown would take the focus from the input before the click picks.
    list.addEventListener("mousedown", function (event) { event.preventDefault(); });
    list.addEventListener("click", function (event) {
      var item = event.target.closest("[role=option]");
      if (item) choose(offers[Array.prototype.indexOf.call(list.children, item)]);
    });
    clear.addEventListener("click", function () {
      unset();
      input.focus();
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("select[data-picker]").forEach(enhance);
  });
})();
