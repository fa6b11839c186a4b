/* The query editor: YASGUI against this server's /sparql, with no remote services.
   Prefix, class and property completion come from /-/vocabulary.json (not prefix.cc or LOV);
   the catalog's questions are the examples; IRIs minted here open their local pages.
   The address bar holds the query: as ?query= (the server gives a browser this page for it),
   or in the fragment when that URL would be too long to send (YASGUI reads both). Downloads
   POST the query, so a long one fits too. */
(function () {
  "use strict";
  var root = document.getElementById("yasgui");
  var endpoint = new URL(root.dataset.endpoint, window.location.href).href;
  var idBase = root.dataset.idBase;
  var urlMax = Number(root.dataset.urlMax);
  var Yasqe = Yasgui.Yasqe;
  var vocab = fetch("/-/vocabulary.json").then(function (r) { return r.json(); });

  function matching(list, token) {
    var text = (token && token.autocompletionString) || "";
    return list.filter(function (iri) { return iri.indexOf(text) === 0 || iri.toLowerCase().indexOf(text.toLowerCase()) >= 0; });
  }
  // Replace the Linked Open Vocabularies completers and the bundled prefix list with ours.
  Yasqe.forkAutocompleter("class", { name: "class", get: function (y, token) {
    return vocab.then(function (v) { return matching(v.classes, token); }); } }, false);
  Yasqe.forkAutocompleter("property", { name: "property", get: function (y, token) {
    return vocab.then(function (v) { return matching(v.properties, token); }); } }, false);
  Yasqe.forkAutocompleter("prefixes", { name: "prefixes", persistenceId: null, get: function () {
    return vocab.then(function (v) {
      return Object.keys(v.prefixes).map(function (p) { return p + ": <" + v.prefixes[p] + ">"; });
    }); } }, false);

  var prefixes = JSON.parse(root.dataset.prefixes || "{}");
  var defaultQuery = [
    "PREFIX cg: <https://w3id.org/claimgraph/ontology#>",
    "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>", "",
    "# Who said what: statements with their speakers and kinds",
    "SELECT ?statement ?speaker ?speakerLabel ?kind ?text WHERE {",
    "  ?statement cg:speaker ?speaker ; cg:kind ?kind ; cg:text ?text .",
    "  ?speaker rdfs:label ?speakerLabel .",
    "}", "LIMIT 100"].join("\n");

  // The server's errors come as {"error": {"status", "title", "detail"}}: show the message.
  Yasgui.Yasr.defaults.errorRenderers = [function (error) {
    var body;
    try { body = JSON.parse(error.text || "").error; } catch (e) { return Promise.resolve(undefined); }
    if (!body || !body.detail) { return Promise.resolve(undefined); }
    var box = document.createElement("div");
    box.className = "query-error";
    var head = document.createElement("strong");
    head.textContent = body.status + " " + body.title;
    var detail = document.createElement("pre");
    detail.textContent = body.detail;
    box.appendChild(head);
    box.appendChild(detail);
    return Promise.resolve(box);
  }];

  Yasgui.defaults.requestConfig.endpoint = endpoint;
  var yasgui = new Yasgui(root, {
    requestConfig: { endpoint: endpoint, method: "POST" },
    copyEndpointOnNewTab: true,
    endpointCatalogueOptions: { getData: function () { return [{ endpoint: endpoint }]; } },
    persistenceId: null,
    populateFromUrl: true,
    autofocus: false,
    yasqe: { value: defaultQuery, resizeable: true, editorHeight: "260px", prefixCcApi: null },
    yasr: { prefixes: prefixes, pluginOrder: ["table", "response"], defaultPlugin: "table" }
  });

  function currentTab() { return yasgui.getTab(); }
  function currentQuery() { var t = currentTab(); return t ? t.getYasqe().getValue() : ""; }

  // The same rule as editor_href() in server/sparql.py.
  function editorUrl(q) {
    var path = new URL(window.location.href).pathname;
    var encoded = encodeURIComponent(q);
    return (path + "?query=" + encoded).length <= urlMax ?
      path + "?query=" + encoded : path + "#query=" + encoded;
  }

  function syncLinks() {
    var q = currentQuery();
    window.history.replaceState(null, "", editorUrl(q));
    document.getElementById("download-query").value = q;
  }
  // Links to minted IRIs open the local page instead of w3id.org.
  function localise(el) {
    el.querySelectorAll("a[href^='" + idBase + "']").forEach(function (a) {
      a.setAttribute("href", "/id/" + a.getAttribute("href").slice(idBase.length));
      a.removeAttribute("target");
    });
  }
  root.addEventListener("click", function (ev) {
    var a = ev.target.closest && ev.target.closest("a[href]");
    if (a && a.getAttribute("href").indexOf(idBase) === 0) {
      ev.preventDefault();
      window.location.href = "/id/" + a.getAttribute("href").slice(idBase.length);
    }
  });
  yasgui.on("queryResponse", function () {
    syncLinks();
    window.setTimeout(function () { localise(root); }, 0);
  });
  var tab = currentTab();
  if (tab) {
    tab.getYasqe().on("change", syncLinks);
    tab.getYasr().on("drawn", function () { localise(root); });
  }
  syncLinks();

  vocab.then(function (v) {
    document.getElementById("prefix-list").textContent =
      Object.keys(v.prefixes).map(function (p) { return p + ":"; }).join(" ");
  });
  fetch("/-/examples.json").then(function (r) { return r.json(); }).then(function (data) {
    var list = document.getElementById("examples");
    list.textContent = "";
    (data.examples || []).forEach(function (ex) {
      var li = document.createElement("li");
      var a = document.createElement("a");
      a.href = editorUrl(ex.query);
      a.textContent = ex.title;
      a.title = ex.name;
      a.addEventListener("click", function (ev) {
        ev.preventDefault();
        var t = currentTab();
        t.getYasqe().setValue(ex.query);
        t.getYasqe().query();
      });
      li.appendChild(a);
      list.appendChild(li);
    });
    if (!list.children.length) { list.innerHTML = "<li class='muted'>No catalog installed.</li>"; }
  });
  window.claimgraphYasgui = yasgui;
})();
