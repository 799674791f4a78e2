// Record forms: show/hide fields by their visible_if condition, and the province → city cascade.
// The server applies the same rules on submit; this only keeps the page in step while typing.
(function () {
  "use strict";
  function valueOf(form, key) {
    var els = form.querySelectorAll('[name="' + key + '"]');
    if (!els.length) return null;
    var el = els[0];
    if (el.type === "checkbox") return el.checked;
    if (el.multiple) return Array.prototype.filter.call(el.options, function (o) { return o.selected; }).map(function (o) { return o.value; });
    var v = el.value;
    if (v === "") return null;
    var n = Number(v);
    return (el.type === "number" && !isNaN(n)) ? n : v;
  }
  function asList(x) { return Array.isArray(x) ? x : [x]; }
  function empty(v) { return v === null || v === "" || (Array.isArray(v) && v.length === 0); }
  var ops = {
    eq: function (v, x) { return v === x || (v !== null && String(v) === String(x)); },
    ne: function (v, x) { return !ops.eq(v, x); },
    lt: function (v, x) { return v !== null && Number(v) < Number(x); },
    le: function (v, x) { return v !== null && Number(v) <= Number(x); },
    gt: function (v, x) { return v !== null && Number(v) > Number(x); },
    ge: function (v, x) { return v !== null && Number(v) >= Number(x); },
    "in": function (v, x) { return v !== null && asList(x).map(String).indexOf(String(v)) >= 0; },
    not_in: function (v, x) { return !ops["in"](v, x); },
    contains: function (v, x) { return typeof v === "string" && v.toLowerCase().indexOf(String(x).toLowerCase()) >= 0; },
    starts_with: function (v, x) { return typeof v === "string" && v.toLowerCase().indexOf(String(x).toLowerCase()) === 0; },
    has_any: function (v, x) { return Array.isArray(v) && asList(x).some(function (i) { return v.indexOf(i) >= 0; }); },
    has_all: function (v, x) { return Array.isArray(v) && asList(x).every(function (i) { return v.indexOf(i) >= 0; }); },
    is_empty: function (v) { return empty(v); },
    is_not_empty: function (v) { return !empty(v); }
  };
  function test(form, c) {
    if (!c) return true;
    if (c.all) return c.all.every(function (x) { return test(form, x); });
    if (c.any) return c.any.some(function (x) { return test(form, x); });
    if (c.not) return !test(form, c.not);
    var op = ops[c.op];
    return op ? op(valueOf(form, c.field), c.value) : true;
  }
  function refreshVisibility(form) {
    form.querySelectorAll("[data-visible-if]").forEach(function (wrap) {
      var cond = JSON.parse(wrap.getAttribute("data-visible-if"));
      wrap.hidden = !test(form, cond);
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
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("form.record-form").forEach(wire);
  });
})();
