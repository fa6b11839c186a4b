/* The graph page's form: choosing a question shows that question's parameters (from the page's
   data), the first required entity parameter filled with the entity shown when its kind fits,
   so that "Show" runs the question rather than a request missing its parameters. */
(function () {
  "use strict";
  var form = document.getElementById("graph-form"), source = document.getElementById("graph-data");
  if (!form || !source) { return; }
  var data = JSON.parse(source.textContent);
  var select = document.getElementById("graph-query"), box = document.getElementById("graph-params");
  // Which node categories (web/vocab.py) an entity parameter of each type accepts; null: any.
  var FITS = { entity: null, actor: ["person", "state", "organization"], location: ["place", "state"],
    statement: ["statement"], negotiation: ["negotiation"], operation: ["operation"] };
  var focus = data.nodes.filter(function (n) { return n.focus; })[0];
  var NEIGHBOURHOOD = { name: "entity", type: "entity", required: true,
    description: "The entity whose neighbourhood to draw: a name, /id/ path or IRI." };

  function fits(param) {
    if (!focus || !param.required || !FITS.hasOwnProperty(param.type)) { return false; }
    return FITS[param.type] === null || FITS[param.type].indexOf(focus.category) >= 0;
  }

  function field(param, value) {
    var label = document.createElement("label"), input = document.createElement("input");
    label.append(param.name);
    if (param.required) {
      var note = document.createElement("span"); note.className = "muted"; note.textContent = "(required)";
      label.append(" ", note);
    }
    input.name = param.name; input.value = value; input.required = !!param.required;
    input.placeholder = param["default"] || param.type; input.title = param.description || "";
    label.append(input);
    return label;
  }

  select.addEventListener("change", function () {
    var chosen = data.questions.filter(function (q) { return q.name === select.value; })[0];
    var params = chosen ? chosen.params : [NEIGHBOURHOOD];
    var filled = false;
    box.textContent = "";
    params.forEach(function (p) {
      var value = "";
      if (!filled && fits(p)) { value = focus.id; filled = true; }
      box.appendChild(field(p, value));
    });
  });
})();
