// drugkg viz: draws the view embedded as JSON in #drugkg-data. Every text from the data is
// shown with textContent, never parsed as HTML.
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("drugkg-data").textContent);

  function add(box, className, text) {
    var element = document.createElement("div");
    element.className = className;
    element.textContent = text;
    box.appendChild(element);
    return element;
  }

  function keyed(box, key, values) {
    if (!values || values.length === 0) {
      return;
    }
    var line = add(box, "tip-line", "");
    var name = document.createElement("span");
    name.className = "tip-key";
    name.textContent = key + ": ";
    line.appendChild(name);
    line.appendChild(document.createTextNode(values.join("; ")));
  }

  function nodeTip(info) {
    var box = document.createElement("div");
    add(box, "tip-title", info.label);
    add(box, "tip-id", info.curie);
    keyed(box, "type", info.types);
    keyed(box, "definition", info.definitions);
    keyed(box, "synonyms", info.synonyms);
    keyed(box, "cross-references", info.xrefs);
    (info.facts || []).forEach(function (fact) {
      keyed(box, fact[0], [fact[1] + "  [" + fact[2] + "]"]);
    });
    return box;
  }

  function edgeTip(info) {
    var box = document.createElement("div");
    add(box, "tip-title", info.label + (info.inferred ? " (inferred)" : ""));
    add(box, "tip-id", info.curie);
    keyed(box, "source", info.sources);
    return box;
  }

  var nodes = new vis.DataSet(data.nodes.map(function (node) {
    var item = Object.assign({}, node.vis);
    item.title = nodeTip(node.info);
    return item;
  }));
  var edges = new vis.DataSet(data.edges.map(function (edge) {
    var item = Object.assign({}, edge.vis);
    item.title = edgeTip(edge.info);
    return item;
  }));
  var network = new vis.Network(document.getElementById("graph"), { nodes: nodes, edges: edges }, data.options);
  var state = { nodes: nodes, edges: edges, network: network, ready: !data.stabilise };
  if (data.stabilise) {
    // Let physics spread the nodes once, then stop it so the page stays still and responsive.
    network.once("stabilizationIterationsDone", function () {
      network.setOptions({ physics: { enabled: false } });
      state.ready = true;
    });
  }
  if (data.pages) {
    network.on("doubleClick", function (event) {
      var page = event.nodes.length ? data.pages[String(event.nodes[0])] : null;
      if (page) {
        window.location.href = page;
      }
    });
  }
  window.drugkg = state;
})();
