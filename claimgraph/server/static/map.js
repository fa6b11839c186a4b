/* Map view: country outlines from world-atlas (TopoJSON, served locally) drawn with D3, and a
   circle per location sized by statements + claims, each linking to its page. Zoom and pan. */
function ClaimGraphMap(el, data, atlasUrl) {
  "use strict";
  var places = data.places || [];
  var width = Math.max(600, el.clientWidth), height = Math.round(width * 0.62);
  var svg = d3.select(el).append("svg").attr("viewBox", [0, 0, width, height])
    .attr("class", "map-svg").attr("role", "img").attr("aria-label", "Map of places");
  var root = svg.append("g");
  var toggle = document.getElementById("show-countries");
  fetch(atlasUrl).then(function (r) { return r.json(); }).then(function (world) {
    var countries = topojson.feature(world, world.objects.countries);
    var borders = topojson.mesh(world, world.objects.countries, function (a, b) { return a !== b; });
    var projection = d3.geoMercator();
    var path = d3.geoPath(projection);
    var size = d3.scaleSqrt().domain([0, d3.max(places, function (p) { return p.statements + p.claims; }) || 1])
      .range([4, 22]);

    function fit() {
      var shown = places.filter(function (p) { return toggle.checked || !p.country; });
      if (!shown.length) { shown = places; }
      var pts = { type: "MultiPoint", coordinates: shown.map(function (p) { return [p.long, p.lat]; }) };
      if (shown.length === 1) {
        projection.scale(width * 2).center([shown[0].long, shown[0].lat]).translate([width / 2, height / 2]);
      } else {
        projection.fitExtent([[width * 0.18, height * 0.14], [width * 0.82, height * 0.86]], pts);
      }
      draw();
    }
    var land = root.append("g").attr("class", "land");
    var mesh = root.append("path").attr("class", "borders");
    var dots = root.append("g").attr("class", "places");
    function draw() {
      land.selectAll("path").data(countries.features).join("path").attr("d", path)
        .attr("class", "country");
      mesh.attr("d", path(borders));
      var shown = places.filter(function (p) { return toggle.checked || !p.country; });
      var a = dots.selectAll("a").data(shown, function (p) { return p.iri; }).join(function (enter) {
        var link = enter.append("a").attr("class", "place");
        link.append("circle");
        link.append("text");
        link.append("title");
        return link;
      });
      a.attr("href", function (p) { return p.href; })
        .attr("transform", function (p) { var xy = projection([p.long, p.lat]); return "translate(" + xy[0] + "," + xy[1] + ")"; });
      a.select("circle").attr("r", function (p) { return size(p.statements + p.claims); })
        .attr("fill", function (p) { return p.colour; });
      a.select("text").attr("x", function (p) { return size(p.statements + p.claims) + 4; })
        .attr("dy", "0.35em").text(function (p) { return p.label; });
      a.select("title").text(function (p) {
        return p.label + ": " + p.statements + (p.statements === 1 ? " statement, " : " statements, ") +
          p.claims + (p.claims === 1 ? " claim" : " claims");
      });
    }
    svg.call(d3.zoom().scaleExtent([0.5, 40]).on("zoom", function (ev) {
      root.attr("transform", ev.transform);
      root.selectAll(".place circle").attr("stroke-width", 1.5 / ev.transform.k);
    }));
    toggle.addEventListener("change", fit);
    fit();
    el.dataset.ready = "1";
  });
}
