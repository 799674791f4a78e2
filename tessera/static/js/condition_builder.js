/* The visual condition builder (templates/conditions/builder.html): nested groups of rows
   (field, comparison, value) edited with native controls, kept as a condition document in
   the builder's hidden input. What a form offers (fields, operators, value inputs) comes from
   the page's catalog (tessera/runtime/forms/condition_builder.py); the tree it starts from
   from tessera/runtime/forms/condition_tree.py, whose condition_of() is the saving rule
   applied here too. Every change writes the input and fires a bubbling "change" on it.

   window.TesseraConditionBuilder.mount(element) builds one (done for every
   [data-condition-builder] on load); .mountAll(root) for content added later. */
(function () {
  "use strict";
  var LINK = ".";
  var MANY = 12; // more choices than this get a filter box
  var nextId = 0;

  function make(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (name) {
      var value = attrs[name];
      if (value === null || value === undefined || value === false) return;
      if (name === "text") node.textContent = value;
      else if (name === "className") node.className = value;
      else node.setAttribute(name, value === true ? "" : value);
    });
    (children || []).forEach(function (child) {
      if (child) node.appendChild(child);
    });
    return node;
  }

  function format(template, values) {
    return template.replace(/\{(\w+)\}/g, function (_, name) {
      return values[name] === undefined ? "" : String(values[name]);
    });
  }

  /* The saving rule (mirrors condition_tree.condition_of). */
  function saveRow(node) {
    var row = { field: node.field, op: node.op };
    if (Object.prototype.hasOwnProperty.call(node, "value")) row.value = node.value;
    var at = node.field.indexOf(LINK);
    if (at < 0) return row;
    row.field = node.field.slice(at + 1);
    return { field: node.field.slice(0, at), op: "matches", value: row };
  }

  function save(node, top) {
    if (node.kind === "fixed") return node.condition;
    if (node.kind === "row") return saveRow(node);
    var items = node.items.map(function (item) { return save(item, false); })
      .filter(function (item) { return item !== null && item !== undefined; });
    if (!items.length) return null;
    var group = {};
    if (node.not) {
      if (items.length === 1) return { not: items[0] };
      group[node.mode] = items;
      return { not: group };
    }
    if (top && items.length === 1) return items[0];
    group[node.mode] = items;
    return group;
  }

  function Builder(root) {
    var catalogNode = document.getElementById(root.dataset.catalog);
    this.root = root;
    this.catalog = JSON.parse(catalogNode.textContent);
    this.texts = this.catalog.texts || {};
    this.input = root.querySelector("input[data-condition-value]");
    this.tree = JSON.parse(root.querySelector("script[data-tree]").textContent);
    this.fields = {};
    var self = this;
    this.catalog.fields.forEach(function (f) { self.fields[f.key] = f; });
    this.view = root.querySelector(".cb-view");
    this.render(null);
  }

  Builder.prototype.t = function (key, values) {
    return format(this.texts[key] || key, values || {});
  };

  Builder.prototype.changed = function (rerender, focusId) {
    var condition = save(this.tree, true);
    this.input.value = JSON.stringify(condition === undefined ? null : condition);
    if (rerender) this.render(focusId);
    this.input.dispatchEvent(new Event("change", { bubbles: true }));
  };

  Builder.prototype.render = function (focusId) {
    this.view.innerHTML = "";
    this.view.appendChild(this.group(this.tree, "", null));
    if (focusId) {
      var target = this.view.querySelector('[data-focus="' + focusId + '"]');
      if (target) target.focus();
    }
  };

  Builder.prototype.id = function (node) {
    if (!node._id) node._id = "n" + (++nextId);
    return node._id;
  };

  Builder.prototype.opOf = function (node) {
    var field = this.fields[node.field];
    if (!field) return null;
    for (var i = 0; i < field.ops.length; i++) if (field.ops[i].op === node.op) return field.ops[i];
    return null;
  };

  Builder.prototype.group = function (node, number, parent) {
    var self = this;
    var name = number ? this.t("group_n", { n: number }) : this.t("all_conditions");
    var box = make("fieldset", { className: "cb-group" + (number ? " cb-nested" : "") });
    box.appendChild(make("legend", { text: name, className: number ? "" : "sr-only" }));
    var mode = make("select", { className: "cb-mode", "aria-label": this.t("mode_of", { what: name }),
      "data-focus": this.id(node) + "-mode" });
    [["all", "mode_all"], ["any", "mode_any"], ["not-all", "mode_not_all"], ["not-any", "mode_not_any"]]
      .forEach(function (pair) {
        var option = make("option", { value: pair[0], text: self.t(pair[1]) });
        option.selected = pair[0] === (node.not ? "not-" : "") + node.mode;
        mode.appendChild(option);
      });
    mode.addEventListener("change", function () {
      node.not = mode.value.indexOf("not-") === 0;
      node.mode = mode.value.replace("not-", "");
      self.changed(false);
    });
    var head = make("div", { className: "cb-head" }, [mode]);
    if (parent) head.appendChild(this.removeButton(node, parent, name));
    box.appendChild(head);
    var list = make("ol", { className: "cb-items" });
    node.items.forEach(function (item, i) {
      var n = (number ? number + "." : "") + (i + 1);
      if (item.kind === "group") list.appendChild(make("li", { className: "cb-item" }, [self.group(item, n, node)]));
      else if (item.kind === "row") list.appendChild(self.row(item, n, node));
      else list.appendChild(self.fixed(item, n, node));
    });
    if (!node.items.length) {
      list.appendChild(make("li", { className: "cb-empty muted", text: this.t(number ? "empty_group" : "empty") }));
    }
    box.appendChild(list);
    var addRow = make("button", { type: "button", className: "cb-add-row", text: this.t("add_condition"),
      "aria-label": number ? this.t("add_condition_to", { what: name }) : null, "data-focus": this.id(node) + "-add" });
    addRow.addEventListener("click", function () {
      var fresh = self.newRow();
      if (!fresh) return;
      node.items.push(fresh);
      self.changed(true, self.id(fresh) + "-field");
    });
    var addGroup = make("button", { type: "button", className: "cb-add-group", text: this.t("add_group"),
      "aria-label": number ? this.t("add_group_to", { what: name }) : null });
    addGroup.addEventListener("click", function () {
      var fresh = self.newRow();
      if (!fresh) return;
      var group = { kind: "group", mode: "any", not: false, items: [fresh] };
      node.items.push(group);
      self.changed(true, self.id(group) + "-mode");
    });
    box.appendChild(make("div", { className: "cb-actions" }, [addRow, addGroup]));
    return box;
  };

  Builder.prototype.removeButton = function (node, parent, name) {
    var self = this;
    var button = make("button", { type: "button", className: "cb-remove", text: "×",
      "aria-label": this.t("remove", { what: name }), title: this.t("remove", { what: name }) });
    button.addEventListener("click", function () {
      parent.items.splice(parent.items.indexOf(node), 1);
      self.changed(true, self.id(parent) + "-add");
    });
    return button;
  };

  Builder.prototype.newRow = function () {
    var field = this.catalog.fields[0];
    if (!field || !field.ops.length) return null;
    return { kind: "row", field: field.key, op: field.ops[0].op };
  };

  Builder.prototype.fixed = function (node, number, parent) {
    var name = this.t("condition_n", { n: number });
    return make("li", { className: "cb-item cb-fixed", "aria-label": name }, [
      make("span", { className: "cb-num", text: number, "aria-hidden": "true" }),
      make("span", { className: "cb-text", text: node.text }),
      make("span", { className: "cb-note", text: node.note }),
      this.removeButton(node, parent, name),
    ]);
  };

  Builder.prototype.row = function (node, number, parent) {
    var self = this;
    var name = this.t("condition_n", { n: number });
    var field = this.fields[node.field];
    var fieldSelect = make("select", { className: "cb-field", "aria-label": this.t("field_of", { what: name }),
      "data-focus": this.id(node) + "-field" });
    var groups = {};
    this.catalog.fields.forEach(function (f) {
      if (!groups[f.group]) {
        groups[f.group] = make("optgroup", { label: f.group });
        fieldSelect.appendChild(groups[f.group]);
      }
      var option = make("option", { value: f.key, text: f.label });
      option.selected = f.key === node.field;
      groups[f.group].appendChild(option);
    });
    fieldSelect.addEventListener("change", function () {
      var chosen = self.fields[fieldSelect.value];
      var before = self.opOf(node);
      node.field = chosen.key;
      var kept = self.opOf(node);
      if (!kept) node.op = chosen.ops[0].op;
      var after = self.opOf(node);
      if (!before || !after || before.input !== after.input || after.input.indexOf("choice") === 0 ||
          after.input === "record") delete node.value;
      self.changed(true, self.id(node) + "-field");
    });
    var opSelect = make("select", { className: "cb-op", "aria-label": this.t("op_of", { what: name }),
      "data-focus": this.id(node) + "-op" });
    field.ops.forEach(function (o) {
      var option = make("option", { value: o.op, text: o.label });
      option.selected = o.op === node.op;
      opSelect.appendChild(option);
    });
    opSelect.addEventListener("change", function () {
      var before = self.opOf(node);
      node.op = opSelect.value;
      var after = self.opOf(node);
      if (!before || before.input !== after.input) delete node.value;
      self.changed(true, self.id(node) + "-op");
    });
    var op = this.opOf(node);
    var value = make("span", { className: "cb-value" });
    this.valueInput(node, op.input, field, this.t("value_of", { what: name }), value);
    return make("li", { className: "cb-item cb-row", "data-field": node.field, "data-op": node.op }, [
      make("span", { className: "cb-num", text: number, "aria-hidden": "true" }),
      fieldSelect, opSelect, value, this.removeButton(node, parent, name),
    ]);
  };

  /* Value inputs: each writes node.value on input without re-rendering (typing keeps focus). */
  Builder.prototype.valueInput = function (node, kind, field, label, box) {
    var self = this;
    var has = Object.prototype.hasOwnProperty.call(node, "value");
    function set(value) {
      if (value === undefined) delete node.value;
      else node.value = value;
      self.changed(false);
    }
    function scalar(type, current, aria, onValue) {
      var input = make("input", { type: type, "aria-label": aria, className: "cb-input cb-" + type });
      if (type === "number") { input.setAttribute("step", "any"); input.setAttribute("inputmode", "decimal"); }
      input.value = current === null || current === undefined ? "" : String(current);
      input.addEventListener("input", function () { onValue(input.value); });
      return input;
    }
    function number(text) {
      text = text.trim();
      if (text === "") return undefined;
      var n = Number(text);
      return isFinite(n) ? n : text; // kept as typed: the server names it
    }
    function when(text) { return text === "" ? undefined : text; }
    var isoLocal = /^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d)?$/;
    function instantType(current) {
      return current === undefined || current === null || current === "" || isoLocal.test(current) ? "datetime-local" : "text";
    }
    var current = has ? node.value : undefined;
    if (kind === "none") return;
    if (kind === "text" || kind === "pattern") {
      var text = scalar("text", current, label, function (v) { set(v === "" ? undefined : v); });
      if (kind === "pattern") { text.classList.add("cb-pattern"); text.setAttribute("spellcheck", "false"); }
      box.appendChild(text);
    } else if (kind === "number" || kind === "days") {
      box.appendChild(scalar("number", current, label, function (v) { set(number(v)); }));
      if (kind === "days") box.appendChild(make("span", { className: "cb-unit", text: this.t("days") }));
    } else if (kind === "date") {
      box.appendChild(scalar("date", current, label, function (v) { set(when(v)); }));
    } else if (kind === "datetime") {
      box.appendChild(scalar(instantType(current), current, label, function (v) { set(when(v)); }));
    } else if (kind === "number_pair" || kind === "date_pair" || kind === "datetime_pair") {
      var pair = Array.isArray(current) ? current.slice(0, 2) : [null, null];
      [0, 1].forEach(function (i) {
        var type = kind === "number_pair" ? "number" : kind === "date_pair" ? "date" : instantType(pair[i]);
        var aria = label + " · " + self.t(i === 0 ? "from" : "to");
        box.appendChild(scalar(type, pair[i], aria, function (v) {
          pair[i] = kind === "number_pair" ? number(v) : when(v);
          if (pair[i] === undefined) pair[i] = null;
          set(pair[0] === null && pair[1] === null ? undefined : pair.slice());
        }));
        if (i === 0) box.appendChild(make("span", { className: "cb-unit", text: self.t("and") }));
      });
    } else if (kind === "boolean") {
      box.appendChild(this.select([{ value: true, label: this.t("yes") }, { value: false, label: this.t("no") }],
        current, label, set));
    } else if (kind === "choice") {
      box.appendChild(this.select(field.options, current, label, set));
    } else if (kind === "user") {
      box.appendChild(this.select(this.catalog.users, current, label, set));
    } else if (kind === "record") {
      box.appendChild(this.select(field.records, current, label, set));
    } else if (kind === "choices" || kind === "teams") {
      box.appendChild(this.checks(kind === "teams" ? this.catalog.teams : field.options, current, label, set));
    } else if (kind === "text_list") {
      var area = make("textarea", { rows: 2, className: "cb-list", "aria-label": label,
        placeholder: this.t("one_per_line") });
      area.value = Array.isArray(current) ? current.join("\n") : current === undefined ? "" : String(current);
      area.addEventListener("input", function () {
        var items = area.value.split(/\n/).map(function (s) { return s.trim(); }).filter(Boolean);
        set(items.length ? items : undefined);
      });
      box.appendChild(area);
    }
  };

  Builder.prototype.select = function (choices, current, label, set) {
    var select = make("select", { className: "cb-choice", "aria-label": label });
    select.appendChild(make("option", { value: "", text: this.t("choose") }));
    var found = false;
    var groups = {};
    var byIndex = [];
    (choices || []).forEach(function (c) {
      var option = make("option", { value: String(byIndex.length), text: c.label });
      byIndex.push(c.value);
      if (c.value === current) { option.selected = true; found = true; }
      var parent = select;
      if (c.group) {
        if (!groups[c.group]) { groups[c.group] = make("optgroup", { label: c.group }); select.appendChild(groups[c.group]); }
        parent = groups[c.group];
      }
      parent.appendChild(option);
    });
    if (!found && current !== undefined && current !== null) {
      var extra = make("option", { value: String(byIndex.length), text: String(current) });
      byIndex.push(current);
      extra.selected = true;
      select.appendChild(extra);
    }
    select.addEventListener("change", function () {
      set(select.value === "" ? undefined : byIndex[Number(select.value)]);
    });
    return select;
  };

  Builder.prototype.checks = function (choices, current, label, set) {
    var self = this;
    var chosen = Array.isArray(current) ? current.slice() : current === undefined ? [] : [current];
    var all = (choices || []).slice();
    chosen.forEach(function (v) {
      if (!all.some(function (c) { return c.value === v; })) all.push({ value: v, label: String(v) });
    });
    var box = make("fieldset", { className: "cb-checks" }, [make("legend", { className: "sr-only", text: label })]);
    var list = make("div", { className: "cb-check-list" });
    var boxes = [];
    all.forEach(function (c) {
      var check = make("input", { type: "checkbox" });
      check.checked = chosen.indexOf(c.value) >= 0;
      check.addEventListener("change", function () {
        var values = all.filter(function (_, i) { return boxes[i].checked; }).map(function (x) { return x.value; });
        set(values.length ? values : undefined);
      });
      boxes.push(check);
      list.appendChild(make("label", { className: "cb-check", "data-label": (c.group || "") + " " + c.label },
        [check, document.createTextNode(" " + c.label)]));
    });
    if (all.length > MANY) {
      var filter = make("input", { type: "search", className: "cb-filter", "aria-label": self.t("filter_of", { what: label }),
        placeholder: self.t("filter") });
      filter.addEventListener("input", function () {
        var q = filter.value.trim().toLowerCase();
        Array.prototype.forEach.call(list.children, function (item) {
          item.hidden = q !== "" && item.dataset.label.toLowerCase().indexOf(q) < 0;
        });
      });
      box.appendChild(filter);
    }
    box.appendChild(list);
    return box;
  };

  function mount(element) {
    if (element.conditionBuilder) return element.conditionBuilder;
    element.conditionBuilder = new Builder(element);
    return element.conditionBuilder;
  }

  function mountAll(root) {
    Array.prototype.forEach.call((root || document).querySelectorAll("[data-condition-builder]"), mount);
  }

  window.TesseraConditionBuilder = { mount: mount, mountAll: mountAll, save: function (tree) { return save(tree, true); } };
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", function () { mountAll(); });
  else mountAll();
})();
