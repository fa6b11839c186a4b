/* Search boxes with autocomplete from /api/search: typing lists matching entities; choosing one
   opens its page. Works for the header box and the home page's big box. */
(function () {
  "use strict";
  function attach(input, list) {
    if (!input || !list) { return; }
    var timer = null, active = -1, items = [];
    function hide() { list.hidden = true; active = -1; }
    function render(results) {
      items = results;
      list.textContent = "";
      results.forEach(function (r, i) {
        var li = document.createElement("li");
        li.setAttribute("role", "option");
        var a = document.createElement("a");
        a.href = r.href;
        a.innerHTML = "";
        a.appendChild(document.createTextNode(r.label));
        if (r.type) {
          var t = document.createElement("span");
          t.className = "type";
          t.textContent = r.type;
          a.appendChild(t);
        }
        li.appendChild(a);
        li.addEventListener("mouseenter", function () { select(i); });
        list.appendChild(li);
      });
      list.hidden = results.length === 0;
    }
    function select(i) {
      active = i;
      Array.prototype.forEach.call(list.children, function (li, j) { li.classList.toggle("active", i === j); });
    }
    function toHref(entity) {
      var base = document.documentElement.dataset.idBase || "https://w3id.org/claimgraph/id/";
      return entity.indexOf(base) === 0 ? "/id/" + entity.slice(base.length) : "/graph?entity=" + encodeURIComponent(entity);
    }
    function lookup() {
      var q = input.value.trim();
      if (q.length < 2) { hide(); return; }
      fetch("/api/search?q=" + encodeURIComponent(q) + "&limit=8", { headers: { Accept: "application/json" } })
        .then(function (r) { return r.ok ? r.json() : { results: [] }; })
        .then(function (data) {
          var results = Array.isArray(data) ? data : (data.results || []);
          render(results.map(function (r) {
            var iri = r.entity || r.iri || r.id;
            return { label: r.label || iri, type: r.type || "", href: toHref(iri) };
          }));
        })
        .catch(function () { hide(); });
    }
    input.addEventListener("input", function () { window.clearTimeout(timer); timer = window.setTimeout(lookup, 150); });
    input.addEventListener("keydown", function (ev) {
      if (list.hidden) { return; }
      if (ev.key === "ArrowDown") { ev.preventDefault(); select(Math.min(items.length - 1, active + 1)); }
      else if (ev.key === "ArrowUp") { ev.preventDefault(); select(Math.max(0, active - 1)); }
      else if (ev.key === "Escape") { hide(); }
      else if (ev.key === "Enter") {
        ev.preventDefault();
        var pick = items[active >= 0 ? active : 0];
        if (pick) { window.location.href = pick.href; }
      }
    });
    input.addEventListener("blur", function () { window.setTimeout(hide, 200); });
  }
  attach(document.getElementById("search-box"), document.getElementById("search-results"));
  attach(document.getElementById("hero-search"), document.getElementById("hero-results"));
})();
