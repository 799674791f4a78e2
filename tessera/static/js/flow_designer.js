/* The flow designer (templates/flows/designer.html): the flow document is kept here and drawn
   as a vertical canvas — the trigger card, then the steps; a branch shows its yes / no lanes
   side by side, a wait until a condition its timeout lane. Steps are added from the palette
   (at the marked point, or dragged in), moved with the up / down buttons or by dragging
   (SortableJS), deleted, and set up in the side panel, which the server draws for the
   selected item from its type's config schema (runtime/web/flows/designer_panel.py). The
   page saves the whole document to the draft, asks for the publish checks, test-runs the
   draft on a record and publishes through the server's publish form. */
(function () {
  "use strict";

  var data, flow, texts, canvas, panelBody, statusLine;
  var state = { selected: null, insertAt: null, problems: [], dirty: false, record: null, panelToken: 0 };

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (name) {
      var value = attrs[name];
      if (value === null || value === undefined || value === false) return;
      if (name === "text") node.textContent = value;
      else if (name === "className") node.className = value;
      else node.setAttribute(name, value === true ? "" : value);
    });
    (children || []).forEach(function (child) { if (child) node.appendChild(child); });
    return node;
  }

  function fmt(template, values) {
    return template.replace(/\{(\w+)\}/g, function (_, name) {
      return values[name] === undefined ? "" : String(values[name]);
    });
  }

  function label(value) {
    if (!value) return "";
    if (typeof value === "string") return value;
    return value[data.locale] || value["zh-CN"] || value.en || Object.keys(value).map(function (k) { return value[k]; })[0] || "";
  }

  /* --- the document: paths ------------------------------------------------------------ */

  function resolve(path, create) {
    var parts = path.split("/").filter(Boolean), node = flow;
    for (var i = 0; i < parts.length; i++) {
      var part = /^\d+$/.test(parts[i]) ? Number(parts[i]) : parts[i];
      if (node[part] === undefined) {
        if (!create) return undefined;
        node[part] = [];
      }
      node = node[part];
    }
    return node;
  }

  function split(stepPath) {
    var at = stepPath.lastIndexOf("/");
    return { lane: stepPath.slice(0, at), index: Number(stepPath.slice(at + 1)) };
  }

  function allKeys() {
    var keys = {}, stack = (flow.steps || []).slice();
    while (stack.length) {
      var step = stack.pop();
      keys[step.key] = true;
      ["then", "else", "on_timeout"].forEach(function (lane) {
        (step[lane] || []).forEach(function (s) { stack.push(s); });
      });
    }
    return keys;
  }

  function newStep(kind, action) {
    var base = kind === "action" ? action : kind, keys = allKeys(), n = 1;
    while (keys[base + "_" + n]) n++;
    var step = { key: base + "_" + n, type: kind };
    if (kind === "action") {
      var found = data.palette.actions.filter(function (a) { return a.type === action; })[0];
      step.action = action;
      step.config = JSON.parse(JSON.stringify((found && found.config) || {}));
    } else if (kind === "branch") {
      step.then = [];
      step["else"] = [];
    } else {
      step.wait = { days: 1 };
    }
    return step;
  }

  function changed() {
    state.dirty = true;
    state.problems = [];
    say(texts.unsaved);
  }

  function insert(lanePath, index, step) {
    var lane = resolve(lanePath, true);
    index = Math.max(0, Math.min(index, lane.length));
    lane.splice(index, 0, step);
    changed();
    state.insertAt = { lane: lanePath, index: index + 1 };
    render();
    select(lanePath + "/" + index);
  }

  function move(fromLane, fromIndex, toLane, toIndex) {
    var stepPath = fromLane + "/" + fromIndex;
    if (toLane === stepPath || toLane.indexOf(stepPath + "/") === 0) { render(); return null; }
    var source = resolve(fromLane), target = resolve(toLane, true);
    var step = source.splice(fromIndex, 1)[0];
    toIndex = Math.max(0, Math.min(toIndex, target.length));
    target.splice(toIndex, 0, step);
    changed();
    state.selected = null;
    render();
    return pathOf(step);
  }

  function pathOf(wanted) {
    var found = null;
    function walk(steps, lanePath) {
      (steps || []).forEach(function (step, i) {
        var path = lanePath + "/" + i;
        if (step === wanted) found = path;
        ["then", "else", "on_timeout"].forEach(function (lane) {
          if (step[lane]) walk(step[lane], path + "/" + lane);
        });
      });
    }
    walk(flow.steps, "/steps");
    return found;
  }

  function remove(stepPath) {
    var at = split(stepPath);
    resolve(at.lane).splice(at.index, 1);
    if (state.selected && (state.selected === stepPath || state.selected.indexOf(stepPath + "/") === 0)) {
      state.selected = null;
      panelBody.innerHTML = "";
    }
    state.insertAt = null;
    changed();
    render();
  }

  /* --- words ---------------------------------------------------------------------------- */

  function duration(wait) {
    var parts = [];
    if (wait.days) parts.push(fmt(texts.days, { n: wait.days }));
    if (wait.hours) parts.push(fmt(texts.hours, { n: wait.hours }));
    if (wait.minutes) parts.push(fmt(texts.minutes, { n: wait.minutes }));
    return parts.join(" ");
  }

  function waitWords(wait) {
    wait = wait || {};
    var span = duration(wait), field = wait.until_field && (data.fields[wait.until_field] || wait.until_field);
    if (wait.until) return fmt(texts.wait_until, { duration: span });
    if (field) return fmt(span ? texts.wait_until_field_plus : texts.wait_until_field, { duration: span, field: field });
    return span ? fmt(texts.wait_for, { duration: span }) : texts.wait_empty;
  }

  function actionLabel(type) {
    var found = data.palette.actions.filter(function (a) { return a.type === type; })[0];
    return found ? found.label : type;
  }

  function describe(step) {
    if (step.type === "branch") {
      return { kind: texts.branch, title: label(step.label) || texts.branch_default, summary: step["if"] ? "" : texts.no_condition };
    }
    if (step.type === "wait") {
      var words = waitWords(step.wait);
      return { kind: texts.wait, title: label(step.label) || words, summary: label(step.label) ? words : "" };
    }
    var own = label(step.label);
    return { kind: own ? actionLabel(step.action) : texts.action, title: own || actionLabel(step.action), summary: "" };
  }

  /* --- the canvas ----------------------------------------------------------------------- */

  function render() {
    canvas.innerHTML = "";
    canvas.appendChild(triggerCard());
    canvas.appendChild(lane("/steps", flow.steps || [], null));
    sortables();
    showProblems();
    insertText();
  }

  function triggerCard() {
    var trigger = flow.trigger || {};
    var found = data.palette.triggers.filter(function (t) { return t.type === trigger.type; })[0];
    var selected = state.selected === "/trigger";
    var button = el("button", { type: "button", className: "fd-select", "aria-pressed": selected ? "true" : "false" }, [
      el("span", { className: "fd-kind", text: texts.trigger }),
      el("strong", { className: "fd-title", text: found ? found.label : trigger.type }),
      trigger["if"] ? el("span", { className: "fd-summary", text: texts.only_when }) : null
    ]);
    button.addEventListener("click", function () { select("/trigger"); });
    return el("div", { className: "fd-card fd-trigger" + (selected ? " is-selected" : ""), "data-path": "/trigger" }, [
      button, el("ul", { className: "fd-card-problems" })
    ]);
  }

  function lane(path, steps, name) {
    var list = el("ol", { className: "fd-lane", "data-lane": path });
    steps.forEach(function (step, i) { list.appendChild(stepItem(step, path + "/" + i, i, steps.length)); });
    var add = el("button", { type: "button", className: "fd-add", text: texts.add_here, "data-lane": path });
    add.addEventListener("click", function () { markInsert(path, steps.length, add); });
    var marked = state.insertAt && state.insertAt.lane === path && state.insertAt.index === steps.length;
    if (marked) add.classList.add("is-marked");
    return el("div", { className: "fd-lane-wrap" }, [list, add]);
  }

  function toolButton(text, glyph, onClick, disabled) {
    var button = el("button", { type: "button", className: "fd-tool", "aria-label": text, title: text, disabled: disabled }, [
      el("span", { "aria-hidden": "true", text: glyph })
    ]);
    button.addEventListener("click", onClick);
    return button;
  }

  function stepItem(step, path, index, count) {
    var words = describe(step), selected = state.selected === path;
    var name = words.title;
    var at = split(path);
    var select_ = el("button", { type: "button", className: "fd-select", "aria-pressed": selected ? "true" : "false" }, [
      el("span", { className: "fd-kind", text: words.kind }),
      el("strong", { className: "fd-title", text: words.title }),
      words.summary ? el("span", { className: "fd-summary", text: words.summary }) : null
    ]);
    select_.addEventListener("click", function () { select(path); });
    var tools = el("div", { className: "fd-tools" }, [
      toolButton(fmt(texts.up, { step: name }), "↑", function () {
        var moved = move(at.lane, index, at.lane, index - 1);
        focusTool(moved, "up");
      }, index === 0),
      toolButton(fmt(texts.down, { step: name }), "↓", function () {
        var moved = move(at.lane, index, at.lane, index + 1);
        focusTool(moved, "down");
      }, index === count - 1),
      toolButton(fmt(texts.add_after, { step: name }), "+", function (event) {
        markInsert(at.lane, index + 1, event.currentTarget);
      }),
      toolButton(fmt(texts.remove, { step: name }), "×", function () { remove(path); })
    ]);
    var card = el("div", { className: "fd-card fd-" + step.type + (selected ? " is-selected" : ""), "data-path": path }, [
      el("span", { className: "fd-drag", "aria-hidden": "true", title: fmt(texts.drag, { step: name }), text: "⋮⋮" }),
      select_, tools, el("ul", { className: "fd-card-problems" })
    ]);
    var item = el("li", { className: "fd-step", "data-path": path, "data-key": step.key }, [card]);
    if (step.type === "branch") {
      item.appendChild(el("div", { className: "fd-lanes" }, [
        side(texts.yes, lane(path + "/then", step.then || [], texts.yes), "yes"),
        side(texts.no, lane(path + "/else", step["else"] || [], texts.no), "no")
      ]));
    } else if (step.type === "wait" && ((step.wait || {}).until || (step.on_timeout || []).length)) {
      item.appendChild(el("div", { className: "fd-lanes" }, [
        side(texts.timeout, lane(path + "/on_timeout", step.on_timeout || [], texts.timeout), "timeout")
      ]));
    }
    return item;
  }

  function side(title, content, kind) {
    return el("div", { className: "fd-side fd-side-" + kind }, [el("p", { className: "fd-side-title", text: title }), content]);
  }

  function focusTool(path, which) {
    if (!path) return;
    var card = canvas.querySelector('.fd-card[data-path="' + path + '"]');
    if (!card) return;
    var buttons = card.querySelectorAll(".fd-tools .fd-tool");
    var button = which === "up" ? buttons[0] : buttons[1];
    if (button.disabled) button = card.querySelector(".fd-select");
    button.focus();
  }

  function markInsert(lanePath, index, origin) {
    state.insertAt = { lane: lanePath, index: index };
    canvas.querySelectorAll(".is-marked").forEach(function (n) { n.classList.remove("is-marked"); });
    if (origin) origin.classList.add("is-marked");
    insertText();
    var first = document.querySelector("#fd-palette .fd-palette-item");
    if (first) first.focus();
  }

  function insertText() {
    var line = document.getElementById("fd-insert-at"), at = state.insertAt;
    if (!at) { line.textContent = texts.insert_end; return; }
    if (at.lane === "/steps") { line.textContent = fmt(texts.insert_main, { n: at.index + 1 }); return; }
    var owner = at.lane.slice(0, at.lane.lastIndexOf("/")), which = at.lane.slice(at.lane.lastIndexOf("/") + 1);
    var step = resolve(owner);
    var laneName = which === "then" ? texts.yes : which === "else" ? texts.no : texts.timeout;
    line.textContent = fmt(texts.insert_lane, { lane: laneName, step: step ? describe(step).title : "", n: at.index + 1 });
  }

  function addFromPalette(item, lanePath, index) {
    var kind = item.getAttribute("data-new");
    var step = newStep(kind, item.getAttribute("data-action"));
    if (lanePath === undefined) {
      var at = state.insertAt || { lane: "/steps", index: (flow.steps || []).length };
      if (!resolve(at.lane) && at.lane !== "/steps") at = { lane: "/steps", index: (flow.steps || []).length };
      lanePath = at.lane;
      index = at.index;
    }
    insert(lanePath, index, step);
  }

  function sortables() {
    if (typeof Sortable === "undefined") return;
    canvas.querySelectorAll("ol.fd-lane").forEach(function (list) {
      Sortable.create(list, {
        group: { name: "steps", pull: true, put: true },
        handle: ".fd-drag",
        animation: 120,
        fallbackOnBody: true,
        swapThreshold: 0.5,
        onAdd: function (evt) {
          if (!evt.item.hasAttribute("data-new")) return; // a step moved in: its source list moves it
          var item = evt.item;
          item.parentNode.removeChild(item);
          addFromPalette(item, evt.to.getAttribute("data-lane"), evt.newIndex);
        },
        onEnd: function (evt) {
          if (!evt.to.classList.contains("fd-lane")) return;
          var from = evt.from.getAttribute("data-lane"), to = evt.to.getAttribute("data-lane");
          if (from === to && evt.oldIndex === evt.newIndex) return;
          var moved = move(from, evt.oldIndex, to, evt.newIndex);
          if (moved) say(texts.unsaved);
        }
      });
    });
  }

  /* --- the side panel -------------------------------------------------------------------- */

  function select(path) {
    state.selected = path;
    render();
    loadPanel(true);
  }

  function post(url, body) {
    return fetch(url, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": data.csrf, "Accept": "application/json, text/html" },
      body: JSON.stringify(body)
    });
  }

  function loadPanel(reveal) {
    var path = state.selected, token = ++state.panelToken;
    if (!path) return;
    var item = resolve(path);
    post(data.urls.panel, { target: path === "/trigger" ? "trigger" : "step", item: item }).then(function (response) {
      return response.text().then(function (html) { return { ok: response.ok, html: html }; });
    }).then(function (answer) {
      if (token !== state.panelToken) return;
      if (!answer.ok) { say(texts.failed, true); return; }
      panelBody.innerHTML = answer.html;
      if (window.TesseraConditionBuilder) window.TesseraConditionBuilder.mountAll(panelBody);
      readPanel(true);
      showProblems();
      if (reveal && window.matchMedia("(max-width: 1023px)").matches) {
        document.getElementById("fd-panel").scrollIntoView({ block: "start" });
      }
    }).catch(function () { say(texts.failed, true); });
  }

  function setAt(item, bind, value) {
    var parts = bind.split("."), node = item;
    for (var i = 0; i < parts.length - 1; i++) {
      if (typeof node[parts[i]] !== "object" || node[parts[i]] === null) {
        if (value === undefined) return;
        node[parts[i]] = {};
      }
      node = node[parts[i]];
    }
    var last = parts[parts.length - 1];
    if (value === undefined) delete node[last];
    else node[last] = value;
  }

  var SKIP = {};

  function readValue(box, kind, item) {
    var input = box.querySelector("input, select, textarea");
    if (kind === "kept") return SKIP;
    if (kind === "bool") return input.checked;
    if (kind === "checks") {
      var values = Array.prototype.filter.call(box.querySelectorAll("input[type=checkbox]"), function (c) { return c.checked; })
        .map(function (c) { return c.value; });
      return values.length ? values : undefined;
    }
    if (kind === "condition") {
      var hidden = box.querySelector("[data-condition-value]");
      var text = hidden ? hidden.value.trim() : "";
      if (!text || text === "null") return undefined;
      try { return JSON.parse(text); } catch (e) { return SKIP; }
    }
    var raw = input.value.trim();
    if (kind === "json") {
      input.removeAttribute("aria-invalid");
      if (!raw) return undefined;
      try { return JSON.parse(raw); } catch (e) { input.setAttribute("aria-invalid", "true"); return SKIP; }
    }
    if (raw === "") return undefined;
    if (kind === "int" || kind === "number") {
      var number = Number(raw);
      return isFinite(number) ? number : raw;
    }
    if (kind === "select_json") return JSON.parse(raw);
    if (kind === "label") {
      var current = item.label || {};
      if (label(current) === raw) return SKIP;
      var next = {};
      Object.keys(current).forEach(function (k) { next[k] = current[k]; });
      next[data.locale] = raw;
      ["zh-CN", "en"].forEach(function (k) { if (!next[k]) next[k] = raw; });
      return next;
    }
    return raw;
  }

  function readPanel(quiet) {
    var path = state.selected, item = path && resolve(path);
    if (!item) return;
    var before = JSON.stringify(item);
    panelBody.querySelectorAll("[data-bind]").forEach(function (box) {
      var bind = box.getAttribute("data-bind"), kind = box.getAttribute("data-kind");
      var value = readValue(box, kind, item);
      if (value === SKIP) return;
      if (bind === "type" && value !== item.type) item.config = {};
      setAt(item, bind, value);
    });
    if (item.type === "wait") {
      if (item.wait && item.wait.until && !item.on_timeout) item.on_timeout = [];
      if (!(item.wait && item.wait.until) && item.on_timeout && !item.on_timeout.length) delete item.on_timeout;
    }
    if (path === "/trigger" && item.config && !Object.keys(item.config).length) delete item.config;
    if (JSON.stringify(item) !== before) {
      if (!quiet) changed();
      else state.dirty = true;
      render();
    }
  }

  /* --- problems ---------------------------------------------------------------------- */

  function showProblems() {
    canvas.querySelectorAll(".fd-card").forEach(function (card) {
      card.classList.remove("has-problem");
      card.querySelector(".fd-card-problems").innerHTML = "";
    });
    panelBody.querySelectorAll(".fd-field-problem").forEach(function (n) { n.remove(); });
    panelBody.querySelectorAll("[aria-invalid]").forEach(function (n) {
      if (!n.closest("[data-kind=json]")) n.removeAttribute("aria-invalid");
    });
    var banner = document.getElementById("fd-problems");
    var general = [];
    state.problems.forEach(function (problem) {
      var card = canvas.querySelector('.fd-card[data-path="' + problem.card + '"]');
      if (!problem.card || !card) { general.push(problem.message); return; }
      card.classList.add("has-problem");
      card.querySelector(".fd-card-problems").appendChild(el("li", { text: problem.message }));
      if (state.selected === problem.card && problem.field) {
        var box = panelBody.querySelector('[data-bind="' + problem.field + '"]');
        if (box) {
          var input = box.querySelector("input, select, textarea");
          if (input) input.setAttribute("aria-invalid", "true");
          box.appendChild(el("p", { className: "field-error fd-field-problem", text: problem.message }));
        }
      }
    });
    if (general.length || state.elsewhere) {
      banner.innerHTML = "";
      var list = el("ul");
      general.concat(state.elsewhere || []).forEach(function (m) { list.appendChild(el("li", { text: m })); });
      banner.appendChild(list);
      banner.hidden = false;
    } else if (!banner.hasAttribute("data-keep")) {
      banner.hidden = true;
    }
  }

  function say(text, bad) {
    statusLine.textContent = text;
    statusLine.classList.toggle("is-bad", !!bad);
  }

  /* --- save, check, publish, test run ------------------------------------------------------ */

  function assembled() {
    var name = document.getElementById("fd-name").value.trim();
    if (name && label(flow.label) !== name) {
      var next = {};
      Object.keys(flow.label || {}).forEach(function (k) { next[k] = flow.label[k]; });
      next[data.locale] = name;
      flow.label = next;
    }
    flow.enabled = document.getElementById("fd-enabled").checked;
    return flow;
  }

  function answerOf(response) {
    return response.json().then(function (body) { return { status: response.status, body: body }; },
      function () { return { status: response.status, body: {} }; });
  }

  function errorOf(answer) {
    return (answer.body.error && answer.body.error.message) || texts.failed;
  }

  function save() {
    say(texts.saving);
    return post(data.urls.save, { revision: data.revision, flow: assembled() }).then(answerOf).then(function (answer) {
      if (answer.status !== 200) {
        state.problems = (answer.body.error && answer.body.error.problems) || [];
        render();
        say(errorOf(answer), true);
        return false;
      }
      data.revision = answer.body.revision;
      document.getElementById("fd-revision").value = String(answer.body.revision);
      state.dirty = false;
      state.problems = answer.body.problems || [];
      state.elsewhere = null;
      render();
      if (state.selected) loadPanel(false);
      say(texts.saved + (state.problems.length ? " " + fmt(texts.checked_bad, { n: state.problems.length }) : ""), state.problems.length > 0);
      return true;
    }, function () { say(texts.failed, true); return false; });
  }

  function check() {
    post(data.urls.check, { flow: assembled() }).then(answerOf).then(function (answer) {
      if (answer.status !== 200) { say(errorOf(answer), true); return; }
      state.problems = answer.body.problems || [];
      state.elsewhere = (answer.body.elsewhere || []).map(function (m) { return fmt(texts.elsewhere, { problem: m }); });
      if (!state.elsewhere.length) state.elsewhere = null;
      render();
      if (state.selected) showProblems();
      var n = state.problems.length + (state.elsewhere ? state.elsewhere.length : 0);
      say(n ? fmt(texts.checked_bad, { n: n }) : texts.checked_ok, n > 0);
    }, function () { say(texts.failed, true); });
  }

  function publish(event) {
    event.preventDefault();
    var form = event.currentTarget;
    save().then(function (ok) {
      if (!ok) return;
      document.getElementById("fd-publish-name").value = label(flow.label);
      form.submit();
    });
  }

  function searchRecords() {
    var box = document.getElementById("fd-record-q"), results = document.getElementById("fd-record-results");
    var timer = null;
    box.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(function () {
        fetch(data.urls.records + "?q=" + encodeURIComponent(box.value.trim()), { credentials: "same-origin", headers: { Accept: "application/json" } })
          .then(function (r) { return r.json(); })
          .then(function (body) {
            results.innerHTML = "";
            (body.records || []).forEach(function (record) {
              var text = "#" + record.id + " " + (record.title || "") + (record.detail ? " · " + record.detail : "");
              var button = el("button", { type: "button", className: "fd-record", text: text });
              button.addEventListener("click", function () { choose(record.id, text); });
              results.appendChild(el("li", {}, [button]));
            });
            if (!(body.records || []).length) results.appendChild(el("li", { className: "muted", text: texts.no_records }));
          });
      }, 200);
    });
  }

  function choose(id, text) {
    state.record = id;
    document.getElementById("fd-record-chosen").textContent = fmt(texts.chosen, { title: text });
    var button = document.getElementById("fd-test-run");
    button.disabled = false;
    button.focus();
  }

  function testRun() {
    var result = document.getElementById("fd-test-result");
    post(data.urls.test, { flow: assembled(), record: state.record }).then(function (response) {
      return response.text();
    }).then(function (html) { result.innerHTML = html; }, function () { say(texts.failed, true); });
  }

  /* --- start ------------------------------------------------------------------------------ */

  function start() {
    var root = document.getElementById("flow-designer");
    if (!root) return;
    data = JSON.parse(document.getElementById("fd-data").textContent);
    flow = data.flow;
    flow.steps = flow.steps || [];
    texts = data.texts;
    canvas = document.getElementById("fd-canvas");
    panelBody = document.getElementById("fd-panel-body");
    statusLine = document.getElementById("fd-status");
    state.problems = data.problems || [];
    if (state.problems.length) document.getElementById("fd-problems").setAttribute("data-keep", "");
    render();

    var palette = document.getElementById("fd-palette");
    palette.querySelectorAll("li[data-new]").forEach(function (item) {
      item.querySelector("button").addEventListener("click", function () { addFromPalette(item); });
    });
    if (typeof Sortable !== "undefined") {
      Sortable.create(palette, { group: { name: "steps", pull: "clone", put: false }, sort: false, animation: 120 });
    }
    panelBody.addEventListener("input", function (event) {
      if (event.target.closest("[data-kind=json]")) return; // read when it is left (change)
      readPanel(false);
    });
    panelBody.addEventListener("change", function (event) {
      readPanel(false);
      if (event.target.closest("[data-rerender]")) loadPanel(false);
    });
    document.getElementById("fd-name").addEventListener("input", function () { changed(); });
    document.getElementById("fd-enabled").addEventListener("change", function () { changed(); });
    document.getElementById("fd-save").addEventListener("click", save);
    document.getElementById("fd-check").addEventListener("click", check);
    document.getElementById("fd-publish-form").addEventListener("submit", publish);
    if (document.getElementById("fd-record-q")) {
      searchRecords();
      document.getElementById("fd-test-run").addEventListener("click", testRun);
    }
    window.addEventListener("beforeunload", function (event) {
      if (!state.dirty) return;
      event.preventDefault();
      event.returnValue = texts.leave;
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
