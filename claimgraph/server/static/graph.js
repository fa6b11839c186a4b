/* Network views with Cytoscape.js: the graph page (filters, expand, export) and the small
   neighbourhood graph on entity pages. Data: {nodes, edges, legend, kinds} from /graph.json. */
var ClaimGraph = (function () {
  "use strict";

  function short(text, n) { return text.length > n ? text.slice(0, n - 1) + "…" : text; }

  function elements(data) {
    var out = [];
    data.nodes.forEach(function (n) {
      var long = n.category === "statement" || n.category === "claim";
      out.push({ group: "nodes", data: {
        id: n.id, label: short(n.label, long ? 48 : 32), full: n.label, href: n.href,
        colour: n.colour, category: n.category, categoryLabel: n.category_label,
        kind: n.kind || "", status: n.status || "", date: n.date || "", focus: n.focus ? 1 : 0 } });
    });
    data.edges.forEach(function (e) {
      out.push({ group: "edges", data: { id: e.source + " " + e.property + " " + e.target,
        source: e.source, target: e.target, label: e.label } });
    });
    return out;
  }

  var STYLE = [
    { selector: "node", style: {
      "background-color": "data(colour)", "label": "data(label)", "font-size": 10,
      "font-family": "system-ui, -apple-system, Segoe UI, Roboto, sans-serif",
      "color": "#1f2937", "text-valign": "bottom", "text-margin-y": 4, "text-wrap": "wrap",
      "text-max-width": 120, "min-zoomed-font-size": 6, "width": 22, "height": 22, "border-width": 2, "border-color": "#fff",
      "text-background-color": "#fff", "text-background-opacity": 0.8, "text-background-padding": 1 } },
    { selector: "node[category = 'statement'], node[category = 'claim']", style: {
      "shape": "round-rectangle", "width": 14, "height": 14, "font-size": 8, "color": "#334155" } },
    { selector: "node[focus = 1]", style: { "width": 34, "height": 34, "font-weight": 600, "font-size": 13,
      "border-color": "#111827", "border-width": 3 } },
    { selector: "node:selected", style: { "border-color": "#f59e0b", "border-width": 4 } },
    { selector: "edge", style: {
      "width": 1.4, "line-color": "#cbd5e1", "target-arrow-color": "#94a3b8",
      "target-arrow-shape": "triangle", "arrow-scale": 0.8, "curve-style": "bezier",
      "label": "data(label)", "font-size": 7, "color": "#64748b", "text-rotation": "autorotate",
      "min-zoomed-font-size": 7,
      "text-background-color": "#fff", "text-background-opacity": 0.85, "text-background-padding": 1 } },
    { selector: ".hidden", style: { "display": "none" } }
  ];

  function layout(cy, animate, randomize) {
    cy.layout({ name: "cose", animate: !!animate, randomize: randomize !== false,
      nodeRepulsion: function () { return 40000; }, idealEdgeLength: function () { return 110; },
      nodeOverlap: 40, gravity: 0.6, numIter: 1500, padding: 40, fit: true }).run();
  }

  function download(name, href) {
    var a = document.createElement("a");
    a.href = href; a.download = name;
    document.body.appendChild(a); a.click(); a.remove();
  }

  function mini(el, legendEl) {
    if (!el) { return; }
    fetch(el.dataset.src).then(function (r) { return r.json(); }).then(function (data) {
      if (!data.nodes.length) { el.textContent = "No links."; return; }
      var cy = cytoscape({ container: el, elements: elements(data), style: STYLE,
        userZoomingEnabled: false, boxSelectionEnabled: false, layout: { name: "preset" } });
      cy.nodes().style({ "font-size": 8, "text-max-width": 80 });
      cy.nodes("[category = 'statement'], [category = 'claim']").style({ "label": "" });
      cy.edges().style({ "label": "" });
      cy.layout({ name: "concentric", concentric: function (n) { return n.data("focus") ? 2 : 1; },
        levelWidth: function () { return 1; }, minNodeSpacing: 18, padding: 14 }).run();
      cy.on("tap", "node", function (ev) {
        var href = ev.target.data("href");
        if (href) { window.location.href = href; }
      });
      if (legendEl) {
        data.legend.forEach(function (c) {
          var item = document.createElement("span"), dot = document.createElement("span");
          dot.className = "dot"; dot.style.background = c.colour;
          item.append(dot, c.label);
          legendEl.append(item, " ");
        });
      }
      el.dataset.ready = "1";
    });
  }

  function full(data) {
    var el = document.getElementById("graph");
    var cy = cytoscape({ container: el, elements: elements(data), style: STYLE, wheelSensitivity: 0.3 });
    window.claimgraphCy = cy;
    layout(cy, false);
    var expanded = {};
    data.nodes.forEach(function (n) { if (n.focus) { expanded[n.id] = true; } });
    var selection = document.getElementById("selection");

    cy.on("tap", "node", function (ev) {
      var d = ev.target.data();
      selection.classList.remove("muted");
      selection.innerHTML = "";
      var h = document.createElement("div"); h.className = "sel-title"; h.textContent = d.full;
      var meta = document.createElement("div"); meta.className = "muted";
      meta.textContent = [d.categoryLabel, d.kind, d.status, d.date].filter(Boolean).join(" · ");
      var links = document.createElement("p");
      if (d.href) {  // the server gives no href for an IRI that is not ours nor http(s)
        var open = document.createElement("a"); open.className = "btn"; open.href = d.href;
        open.textContent = "Open page";
        links.append(open, " ");
      }
      var more = document.createElement("button"); more.className = "btn"; more.type = "button";
      more.textContent = "Expand";
      more.addEventListener("click", function () { expand(d.id); });
      links.append(more);
      selection.append(h, meta, links);
    });
    cy.on("dbltap", "node", function (ev) { expand(ev.target.id()); });

    function expand(id) {
      if (expanded[id]) { return; }
      expanded[id] = true;
      fetch("/graph.json?entity=" + encodeURIComponent(id)).then(function (r) { return r.json(); })
        .then(function (more) {
          var fresh = elements(more).filter(function (e) { return cy.getElementById(e.data.id).empty(); });
          var centre = cy.getElementById(id).position();
          fresh.forEach(function (e) {
            if (e.group === "nodes") {
              e.position = { x: centre.x + (Math.random() - 0.5) * 120, y: centre.y + (Math.random() - 0.5) * 120 };
            }
          });
          cy.add(fresh);
          addKinds(more.kinds || []);
          addLegend(more.legend || []);
          applyFilters();
          layout(cy, true, false);
          el.dataset.expanded = String(Object.keys(expanded).length);
        });
    }

    var kindBox = document.getElementById("kind-filters");
    function addKinds(kinds) {
      kinds.forEach(function (k) {
        var known = Array.prototype.some.call(kindBox.querySelectorAll("input"),
          function (i) { return i.value === k; });
        if (known) { return; }
        var muted = kindBox.querySelector(".muted"); if (muted) { muted.remove(); }
        var label = document.createElement("label"), box = document.createElement("input");
        box.type = "checkbox"; box.value = k; box.checked = true;
        label.append(box, " " + k);
        kindBox.appendChild(label);
      });
    }
    var legendList = document.getElementById("legend");
    function addLegend(items) {
      items.forEach(function (c) {
        var known = Array.prototype.some.call(legendList.children,
          function (li) { return li.dataset.key === c.key; });
        if (known) { return; }
        var li = document.createElement("li"), dot = document.createElement("span");
        li.dataset.key = c.key; dot.className = "dot"; dot.style.background = c.colour;
        li.append(dot, c.label);
        legendList.appendChild(li);
      });
    }
    Array.prototype.forEach.call(legendList.children, function (li, i) {
      if (data.legend[i]) { li.dataset.key = data.legend[i].key; }
    });

    function applyFilters() {
      var on = {};
      kindBox.querySelectorAll("input").forEach(function (i) { on[i.value] = i.checked; });
      var from = document.getElementById("date-from").value, to = document.getElementById("date-to").value;
      var undated = document.getElementById("show-undated").checked;
      cy.nodes().forEach(function (n) {
        var d = n.data(), hide = false;
        if (d.kind && on[d.kind] === false) { hide = true; }
        if (d.category === "statement" || d.category === "claim") {
          if (!d.date && !undated) { hide = true; }
          if (d.date && from && d.date < from) { hide = true; }
          if (d.date && to && d.date.slice(0, to.length) > to) { hide = true; }
        }
        n.toggleClass("hidden", hide);
      });
    }
    kindBox.addEventListener("change", applyFilters);
    ["date-from", "date-to", "show-undated"].forEach(function (id) {
      document.getElementById(id).addEventListener("change", applyFilters);
    });
    document.getElementById("export-png").addEventListener("click", function () {
      download("claimgraph.png", cy.png({ full: true, scale: 2, bg: "#ffffff" }));
    });
    document.getElementById("export-svg").addEventListener("click", function () {
      var svg = cy.svg({ full: true, bg: "#ffffff" });
      download("claimgraph.svg", URL.createObjectURL(new Blob([svg], { type: "image/svg+xml" })));
    });
    el.dataset.ready = "1";
    return cy;
  }

  return { full: full, mini: mini, elements: elements, style: STYLE, layout: layout };
})();
