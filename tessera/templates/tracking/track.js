/* Tessera page views for known leads. Include on every page of your site:
 *   <script src="{{ script_url }}" data-page="pricing" async></script>
 * data-page names the page in your scoring rules (pricing, solution …); without it the path is
 * sent. The visitor is known once they arrive with ?tl=<token> (email links) or submit a
 * Tessera form embedded in the page; until then nothing is sent. */
(function () {
  "use strict";
  var KEY = "tessera_visitor", ENDPOINT = {{ endpoint|tojson }};
  var script = document.currentScript;
  function store(token) { try { localStorage.setItem(KEY, token); } catch (e) {} }
  function stored() { try { return localStorage.getItem(KEY); } catch (e) { return null; } }
  function send(token) {
    var page = (script && script.getAttribute("data-page")) || location.pathname;
    var body = JSON.stringify({ t: token, page: page, url: location.href });
    if (navigator.sendBeacon && navigator.sendBeacon(ENDPOINT, body)) return;
    fetch(ENDPOINT, { method: "POST", body: body, keepalive: true, mode: "cors" });
  }
  var fromLink = new URLSearchParams(location.search).get("tl");
  if (fromLink) store(fromLink);
  window.addEventListener("message", function (event) {
    if (event.data && typeof event.data.tessera_visitor === "string") {
      store(event.data.tessera_visitor);
      send(event.data.tessera_visitor);
    }
  });
  var token = stored();
  if (token) send(token);
})();
