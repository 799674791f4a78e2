// Record forms: show/hide fields by their visibility condition, and the province → city cascade.
// The server applies the same rules on submit; this only keeps the page in step while typing.
//
// A wrapper's data-visible-if holds the condition as the server compiled it for the page
// (CompiledCondition.page: operands already normalized, e.g. option labels → keys, stage
// order → the set of earlier stages). `ops` has one function per operator key the registry
// says the page evaluates (Operator.browser); tests/conditions/test_page_evaluator.py checks
// both lists are the same and that these functions agree with the server on generated cases.
// An operator the page does not know leaves the field visible (the server decides) and says
// so on the console: never a silent guess.
(function () {
  "use strict";
  var TAG_SEPARATORS = /[,，、;；\n]/;

  function valueOf(form, key) {
    var els = form.querySelectorAll('[name="' + key + '"]');
    if (!els.length) return null;
    var el = els[0];
    if (el.type === "checkbox") return el.checked;
    if (el.multiple) return Array.prototype.filter.call(el.options, function (o) { return o.selected; }).map(function (o) { return o.value; });
    var v = el.value;
    if (el.getAttribute("data-widget") === "tags") {
      return v.split(TAG_SEPARATORS).map(function (s) { return s.trim(); }).filter(Boolean);
    }
    if (v === "") return null;
    var n = Number(v);
    return (el.type === "number" && !isNaN(n)) ? n : v;
  }

  function empty(v) { return v === null || v === undefined || v === "" || (Array.isArray(v) && v.length === 0); }
  // One value equals an operand: numbers by value ("500" from an input equals 500), the rest as text.
  function same(v, x) {
    if (v === x) return true;
    if (typeof x === "number") return v !== "" && typeof v !== "boolean" && Number(v) === x;
    return String(v) === String(x);
  }
  function among(v, list) { return list.some(function (x) { return same(v, x); }); }
  function lower(v) { return String(v).toLowerCase(); }
  function ordered(v, x) { return typeof x === "number" ? Number(v) : String(v); }

  var ops = {
    eq: function (v, x) { return x === null ? v === null : v !== null && same(v, x); },
    ne: function (v, x) { return x === null ? v !== null : v === null || !same(v, x); },
    lt: function (v, x) { return v !== null && ordered(v, x) < x; },
    le: function (v, x) { return v !== null && ordered(v, x) <= x; },
    gt: function (v, x) { return v !== null && ordered(v, x) > x; },
    ge: function (v, x) { return v !== null && ordered(v, x) >= x; },
    before: function (v, x) { return v !== null && String(v) < x; },
    after: function (v, x) { return v !== null && String(v) > x; },
    between: function (v, x) { return v !== null && x[0] <= ordered(v, x[0]) && ordered(v, x[1]) <= x[1]; },
    contains: function (v, x) { return v !== null && lower(v).indexOf(x) >= 0; },
    contains_any: function (v, x) { return v !== null && x.some(function (w) { return lower(v).indexOf(w) >= 0; }); },
    starts_with: function (v, x) { return v !== null && lower(v).indexOf(x) === 0; },
    has_any: function (v, x) { return Array.isArray(v) && x.some(function (i) { return among(i, v); }); },
    has_all: function (v, x) { return Array.isArray(v) && x.every(function (i) { return among(i, v); }); },
    "in": function (v, x) { return v !== null && !Array.isArray(v) && among(v, x); },
    not_in: function (v, x) {
      if (v === null) return true;
      if (Array.isArray(v)) return !v.some(function (i) { return among(i, x); });
      return !among(v, x);
    },
    before_stage: function (v, x) { return v !== null && among(v, x); },
    after_stage: function (v, x) { return v !== null && among(v, x); },
    is_empty: function (v) { return empty(v); },
    is_not_empty: function (v) { return !empty(v); }
  };

  // true, false, or null when the page cannot tell (an operator it does not know).
  function evaluate(c, read) {
    if (!c) return true;
    var parts, i, r, unknown = false;
    if (c.all || c.any) {
      parts = c.all || c.any;
      for (i = 0; i < parts.length; i++) {
        r = evaluate(parts[i], read);
        if (r === null) unknown = true;
        else if (c.all && r === false) return false;
        else if (c.any && r === true) return true;
      }
      return unknown ? null : !!c.all;
    }
    if (c.not) {
      r = evaluate(c.not, read);
      return r === null ? null : !r;
    }
    var op = Object.prototype.hasOwnProperty.call(ops, c.op) ? ops[c.op] : null;
    if (!op) {
      if (window.console) console.warn("forms.js: operator " + JSON.stringify(c.op) + " is not evaluated in the page; the field stays visible and the server decides");
      return null;
    }
    var v = read(c.field);
    return op(v === undefined ? null : v, c.value === undefined ? null : c.value);
  }

  function refreshVisibility(form) {
    form.querySelectorAll("[data-visible-if]").forEach(function (wrap) {
      var cond = JSON.parse(wrap.getAttribute("data-visible-if"));
      wrap.hidden = evaluate(cond, function (key) { return valueOf(form, key); }) === false;
    });
  }
  function refreshCities(form) {
    form.querySelectorAll('select[data-province-field]').forEach(function (city) {
      var province = form.querySelector('[name="' + city.getAttribute("data-province-field") + '"]');
      if (!province) return;
      var prefix = province.value ? province.value.slice(0, 2) : null;
      Array.prototype.forEach.call(city.options, function (o) {
        var show = !o.value || !prefix || o.value.slice(0, 2) === prefix;
        o.hidden = !show; o.disabled = !show;
      });
      city.querySelectorAll("optgroup").forEach(function (group) {
        group.hidden = !Array.prototype.some.call(group.children, function (o) { return !o.hidden; });
      });
      if (city.selectedOptions.length && city.selectedOptions[0].disabled) city.value = "";
    });
  }
  function wire(form) {
    var update = function () { refreshVisibility(form); refreshCities(form); };
    form.addEventListener("change", update);
    form.addEventListener("input", update);
    update();
  }

  // What tests (and curious developers) can ask: the operators the page evaluates, and the
  // evaluator on JSON values {field key: value}.
  window.TesseraConditions = {
    operators: Object.keys(ops),
    test: function (condition, values) {
      return evaluate(condition, function (key) { return Object.prototype.hasOwnProperty.call(values, key) ? values[key] : null; });
    }
  };

  function start() { document.querySelectorAll("form.record-form").forEach(wire); }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
