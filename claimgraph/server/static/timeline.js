/* Timeline view: dated statements, claims and roles on a D3 time axis, one lane per category;
   items with an end date are bars, the rest points. Each item links to its page. */
function ClaimGraphTimeline(el, data) {
  "use strict";
  var items = data.dated || [];
  if (!items.length) { return; }
  function parse(s) {
    if (!s) { return null; }
    var parts = s.split("-");
    return new Date(Date.UTC(+parts[0], parts[1] ? +parts[1] - 1 : 0, parts[2] ? +parts[2] : 1));
  }
  items.forEach(function (d) { d._start = parse(d.start); d._end = parse(d.end); });
  var lanes = Array.from(new Set(items.map(function (d) { return d.category_label; })));
  var margin = { top: 16, right: 24, bottom: 32, left: 140 };
  var width = Math.max(600, el.clientWidth) - margin.left - margin.right;
  var laneH = 44, height = lanes.length * laneH;
  var lo = d3.min(items, function (d) { return d._start; });
  var hi = d3.max(items, function (d) { return d._end || d._start; });
  if (+lo === +hi) { lo = d3.timeMonth.offset(lo, -6); hi = d3.timeMonth.offset(hi, 6); }
  var pad = (hi - lo) * 0.05;
  var x = d3.scaleUtc().domain([new Date(+lo - pad), new Date(+hi + pad)]).range([0, width]);
  var y = d3.scaleBand().domain(lanes).range([0, height]).padding(0.3);
  var svg = d3.select(el).append("svg")
    .attr("viewBox", [0, 0, width + margin.left + margin.right, height + margin.top + margin.bottom])
    .attr("class", "timeline-svg").attr("role", "img").attr("aria-label", "Timeline");
  var g = svg.append("g").attr("transform", "translate(" + margin.left + "," + margin.top + ")");
  g.append("g").attr("class", "axis").attr("transform", "translate(0," + height + ")")
    .call(d3.axisBottom(x).ticks(Math.max(2, Math.floor(width / 110))));
  g.append("g").attr("class", "lanes").selectAll("text").data(lanes).join("text")
    .attr("x", -12).attr("y", function (d) { return y(d) + y.bandwidth() / 2; })
    .attr("text-anchor", "end").attr("dominant-baseline", "middle").text(function (d) { return d; });
  g.append("g").selectAll("line").data(lanes).join("line").attr("class", "lane-line")
    .attr("x1", 0).attr("x2", width)
    .attr("y1", function (d) { return y(d) + y.bandwidth() / 2; })
    .attr("y2", function (d) { return y(d) + y.bandwidth() / 2; });
  var marks = g.append("g").selectAll("a").data(items).join("a")
    .attr("href", function (d) { return d.href; }).attr("class", "tl-item");
  marks.append("title").text(function (d) {
    return d.label + " (" + d.start + (d.end ? " – " + d.end : "") + ")";
  });
  marks.filter(function (d) { return d._end; }).append("rect")
    .attr("x", function (d) { return x(d._start); })
    .attr("width", function (d) { return Math.max(4, x(d._end) - x(d._start)); })
    .attr("y", function (d) { return y(d.category_label) + 4; })
    .attr("height", y.bandwidth() - 8).attr("rx", 4)
    .attr("fill", function (d) { return d.colour; }).attr("opacity", 0.85);
  marks.filter(function (d) { return !d._end; }).append("circle")
    .attr("cx", function (d) { return x(d._start); })
    .attr("cy", function (d) { return y(d.category_label) + y.bandwidth() / 2; })
    .attr("r", 7).attr("fill", function (d) { return d.colour; });
  marks.append("text").attr("class", "tl-label")
    .attr("x", function (d) { return x(d._start) + (d._end ? 6 : 11); })
    .attr("y", function (d) { return y(d.category_label) + y.bandwidth() / 2; })
    .attr("dominant-baseline", "middle")
    .text(function (d) { return d.label.length > 60 ? d.label.slice(0, 59) + "…" : d.label; });
  el.dataset.ready = "1";
}
