// drugkg viz: draws the view embedded as JSON in #drugkg-data. Every text from the data is shown
// with textContent, never parsed as HTML; links go only to plain page names of the explorer.
(function () {
  "use strict";
  var element = document.getElementById("drugkg-data");
  if (!element) {
    return;
  }
  var data = JSON.parse(element.textContent);
  if (!data.types && window.drugkgTables) {
    // a page of an explorer: the types, relations and sources are in the shared assets/tables.js
    data.types = window.drugkgTables.types;
    data.predicates = window.drugkgTables.predicates;
    data.sources = window.drugkgTables.sources;
  }
  var PAGE = /^[A-Za-z0-9][A-Za-z0-9._-]*\.html$/;
  var TIDY_LIMIT = 400;
  var SIDE_LIMIT = 12;

  function add(box, tag, className, text) {
    var made = document.createElement(tag);
    if (className) {
      made.className = className;
    }
    if (text !== undefined && text !== null) {
      made.textContent = text;
    }
    box.appendChild(made);
    return made;
  }

  function keyed(box, key, values) {
    if (!values || values.length === 0) {
      return;
    }
    var line = add(box, "div", "tip-line");
    add(line, "span", "tip-key", key + ": ");
    line.appendChild(document.createTextNode(values.join("; ")));
  }

  function sourceText(index) {
    var source = data.sources[index];
    return source.licence ? source.name + " (licence: " + source.licence + ")" : source.name;
  }

  // A page of an explorer (data.site) lists a node's page only when it is not the one named after
  // its CURIE (kg.views.html.page_slug), and its class page as 1 when it is that page's twin.
  function slug(text) {
    return String(text).replace(/[^A-Za-z0-9._-]+/g, "-").replace(/^[-.]+|[-.]+$/g, "").slice(0, 80);
  }

  function pageOf(node) {
    if (node.page) {
      return node.page;
    }
    return data.site ? "entity-" + slug(node.curie) + ".html" : null;
  }

  function classPageOf(node) {
    if (node.class_page === 1) {
      var page = pageOf(node);
      return page ? "class-" + page.slice("entity-".length) : null;
    }
    return node.class_page || null;
  }

  function typeOf(node) {
    return data.types[node.type];
  }

  function nodeTip(node) {
    var box = document.createElement("div");
    add(box, "div", "tip-title", node.label);
    add(box, "div", "tip-id", node.curie);
    var info = node.info || {};
    keyed(box, "type", info.types && info.types.length ? info.types : [typeOf(node).name]);
    keyed(box, "definition", info.definitions);
    keyed(box, "synonyms", info.synonyms);
    keyed(box, "cross-references", info.xrefs);
    (info.facts || []).forEach(function (fact) {
      keyed(box, fact[0], [fact[1] + "  [" + sourceText(fact[2]) + "]"]);
    });
    (info.lines || []).forEach(function (line) {
      keyed(box, line[0], [line[1]]);
    });
    if (pageOf(node) && !node.focus) {
      add(box, "div", "tip-hint", "Double-click to open its page" + (node.info ? "." : " (its details are there)."));
    }
    return box;
  }

  function edgeTip(edge) {
    var predicate = data.predicates[edge[2]];
    var box = document.createElement("div");
    add(box, "div", "tip-title", predicate.label + (edge[4] ? " (inferred)" : ""));
    if (predicate.curie) {
      add(box, "div", "tip-id", predicate.curie);
    }
    keyed(box, "source", edge[3].map(sourceText));
    (edge[6] || []).forEach(function (line) {
      keyed(box, line[0], [line[1]]);
    });
    return box;
  }

  function groupTip(group) {
    var box = document.createElement("div");
    var parent = data.nodes[group.parent];
    add(box, "div", "tip-title", group.label);
    var relation = group.predicate ? "by \u201c" + group.predicate + "\u201d" : "by other relations";
    var how = group.out ? parent.label + " \u2192 " + relation : relation + " \u2192 " + parent.label;
    add(box, "div", "tip-line", "Linked " + how + (group.inferred ? " (inferred)" : "") + ".");
    if (group.more) {
      add(box, "div", "tip-line", group.more + " more are left out of this page (their count is in the facts list).");
    }
    add(box, "div", "tip-hint", "Click to show them.");
    return box;
  }

  var focusCount = data.nodes.filter(function (node) {
    return node.focus;
  }).length;

  // Inferred facts between two neighbours (not the focus) are many and say little: hidden at first
  // when there are more than a few, with a switch to show them.
  function isSide(edge) {
    return edge[4] === 1 && focusCount > 0 && !data.nodes[edge[0]].focus && !data.nodes[edge[1]].focus;
  }
  var sideCount = data.edges.filter(isSide).length;
  var hideSide = sideCount > SIDE_LIMIT;

  function showEdgeLabel(edge) {
    return data.edges.length <= 60 || data.nodes[edge[0]].focus || data.nodes[edge[1]].focus;
  }

  function nodeItem(index, position) {
    var node = data.nodes[index];
    var style = typeOf(node);
    var item = { id: index, label: node.label, shape: style.shape, color: style.color, title: nodeTip(node) };
    if (node.size) {
      item.size = node.size;
    }
    if (node.focus) {
      item.borderWidth = 4;
      item.size = 22;
      item.color = { background: style.color, border: "#000000" };
    }
    if (position) {
      item.x = position.x;
      item.y = position.y;
    } else if (node.x !== undefined) {
      item.x = node.x;
      item.y = node.y;
    }
    return item;
  }

  function edgeItem(index) {
    var edge = data.edges[index];
    var predicate = data.predicates[edge[2]];
    var item = { id: "e" + index, from: edge[0], to: edge[1], relation: predicate.label, title: edgeTip(edge) };
    if (showEdgeLabel(edge)) {
      item.label = predicate.label;
    }
    if (edge[4]) {
      item.dashes = true;
    }
    if (edge[5]) {
      item.smooth = { enabled: true, type: "curvedCW", roundness: 0.15 * edge[5] };
    }
    return item;
  }

  function groupItem(index, position) {
    var group = data.groups[index];
    var style = group.type >= 0 ? data.types[group.type] : { color: "#999999", shape: "dot" };
    var item = {
      id: "g" + index,
      label: group.label,
      shape: style.shape,
      color: { background: "#ffffff", border: style.color },
      borderWidth: 3,
      shapeProperties: { borderDashes: [4, 3] },
      size: 18,
      title: groupTip(group),
      group_index: index,
    };
    if (position) {
      item.x = position.x;
      item.y = position.y;
    }
    return item;
  }

  function groupEdgeItem(index) {
    var group = data.groups[index];
    var id = "g" + index;
    var item = {
      id: "ge" + index,
      from: group.out ? group.parent : id,
      to: group.out ? id : group.parent,
      label: (group.predicate || "other relations") + " (" + (group.members.length + group.more) + ")",
      relation: group.predicate,
    };
    if (group.inferred) {
      item.dashes = true;
    }
    return item;
  }

  // the edges of each node, to add those whose other end is shown
  var incident = data.nodes.map(function () {
    return [];
  });
  data.edges.forEach(function (edge, index) {
    incident[edge[0]].push(index);
    if (edge[1] !== edge[0]) {
      incident[edge[1]].push(index);
    }
  });

  var nodes = new vis.DataSet();
  var edges = new vis.DataSet();
  var shown = {};
  var openedGroups = {};

  function showNode(index, position) {
    if (shown[index]) {
      return;
    }
    shown[index] = true;
    nodes.add(nodeItem(index, position));
    var added = [];
    incident[index].forEach(function (edgeIndex) {
      var edge = data.edges[edgeIndex];
      var other = edge[0] === index ? edge[1] : edge[0];
      if (shown[other] && !(hideSide && isSide(edge)) && edges.get("e" + edgeIndex) === null) {
        added.push(edgeItem(edgeIndex));
      }
    });
    edges.add(added);
  }

  function showGroup(index, position) {
    nodes.add(groupItem(index, position));
    edges.add(groupEdgeItem(index));
  }

  data.nodes.forEach(function (node, index) {
    if (node.group === undefined) {
      showNode(index);
    }
  });
  data.groups.forEach(function (group, index) {
    if (shown[group.parent]) {
      showGroup(index);
    }
  });

  var options = data.options || window.drugkgOptions[data.stabilise ? "physics" : "fixed"];
  var network = new vis.Network(document.getElementById("graph"), { nodes: nodes, edges: edges }, options);
  var state = { nodes: nodes, edges: edges, network: network, data: data, ready: false, opened: [] };

  function afterNextDraw(action) {
    network.once("afterDrawing", action);
    network.redraw();
  }

  // Move nodes apart, fewest pixels first, until no two nodes' boxes (label included) overlap.
  function tidy() {
    var ids = nodes.getIds();
    if (ids.length > TIDY_LIMIT) {
      return;
    }
    var gap = 4;
    var positions = network.getPositions(ids);
    var boxes = ids.map(function (id) {
      var bounds = network.getBoundingBox(id);
      var at = positions[id];
      return {
        id: id,
        left: bounds.left - at.x - gap,
        right: bounds.right - at.x + gap,
        top: bounds.top - at.y - gap,
        bottom: bounds.bottom - at.y + gap,
        x: at.x,
        y: at.y,
        fixed: typeof id === "number" && data.nodes[id].focus === true,
      };
    });
    for (var round = 0; round < 400; round++) {
      var moved = false;
      for (var i = 0; i < boxes.length; i++) {
        var a = boxes[i];
        for (var j = i + 1; j < boxes.length; j++) {
          var b = boxes[j];
          var overlapX = Math.min(a.x + a.right, b.x + b.right) - Math.max(a.x + a.left, b.x + b.left);
          if (overlapX <= 0) {
            continue;
          }
          var overlapY = Math.min(a.y + a.bottom, b.y + b.bottom) - Math.max(a.y + a.top, b.y + b.top);
          if (overlapY <= 0) {
            continue;
          }
          moved = true;
          var shareA = a.fixed && !b.fixed ? 0 : b.fixed && !a.fixed ? 1 : 0.5;
          var shareB = 1 - shareA;
          if (overlapX < overlapY) {
            var signX = a.x < b.x || (a.x === b.x && a.id < b.id) ? -1 : 1;
            a.x += signX * (overlapX + 1) * shareA;
            b.x -= signX * (overlapX + 1) * shareB;
          } else {
            var signY = a.y < b.y || (a.y === b.y && a.id < b.id) ? -1 : 1;
            a.y += signY * (overlapY + 1) * shareA;
            b.y -= signY * (overlapY + 1) * shareB;
          }
        }
      }
      if (!moved) {
        break;
      }
    }
    boxes.forEach(function (box) {
      if (box.x !== positions[box.id].x || box.y !== positions[box.id].y) {
        network.moveNode(box.id, box.x, box.y);
      }
    });
  }

  function settle(fit) {
    afterNextDraw(function () {
      tidy();
      if (fit) {
        network.fit({ animation: false });
      }
      afterNextDraw(function () {
        state.ready = true;
      });
    });
  }

  function openGroup(index) {
    if (openedGroups[index]) {
      return;
    }
    openedGroups[index] = true;
    state.ready = false;
    var group = data.groups[index];
    var id = "g" + index;
    var centre = network.getPositions([id])[id] || { x: 0, y: 0 };
    nodes.remove(id);
    edges.remove("ge" + index);
    var revealed = group.members.concat(group.extra);
    var radius = 80 + 14 * revealed.length;
    revealed.forEach(function (member, n) {
      var angle = (2 * Math.PI * n) / revealed.length;
      showNode(member, { x: centre.x + radius * Math.cos(angle), y: centre.y + radius * Math.sin(angle) });
    });
    data.groups.forEach(function (other, otherIndex) {
      if (!openedGroups[otherIndex] && revealed.indexOf(other.parent) >= 0) {
        var at = network.getPositions([other.parent])[other.parent];
        showGroup(otherIndex, { x: at.x + 60, y: at.y + 60 });
      }
    });
    state.opened.push(index);
    settle(false);
  }

  function showSide(show) {
    hideSide = !show;
    data.edges.forEach(function (edge, index) {
      var id = "e" + index;
      if (!isSide(edge)) {
        return;
      }
      if (hideSide) {
        edges.remove(id);
      } else if (shown[edge[0]] && shown[edge[1]] && edges.get(id) === null) {
        edges.add(edgeItem(index));
      }
    });
  }

  if (sideCount > SIDE_LIMIT) {
    var controls = add(document.querySelector(".graph-box") || document.body, "label", "view-controls");
    var box = add(controls, "input");
    box.type = "checkbox";
    box.id = "show-side";
    controls.appendChild(document.createTextNode(" show the inferred facts between neighbours"));
    box.addEventListener("change", function () {
      showSide(box.checked);
    });
  }

  network.on("click", function (event) {
    var id = event.nodes.length ? event.nodes[0] : null;
    if (typeof id === "string" && id.charAt(0) === "g") {
      openGroup(Number(id.slice(1)));
    }
  });
  network.on("doubleClick", function (event) {
    var id = event.nodes.length ? event.nodes[0] : null;
    var page = typeof id === "number" ? pageOf(data.nodes[id]) : null;
    if (page && PAGE.test(page)) {
      window.location.href = page;
    }
  });

  if (data.stabilise) {
    // Let physics spread the nodes once, then stop it so the page stays still and responsive.
    network.once("stabilizationIterationsDone", function () {
      network.setOptions({ physics: { enabled: false } });
      settle(true);
    });
  } else {
    settle(false);
  }

  // --- the facts panel: what the focus is, and every relation it has, with sources -------------
  function mark(box, node) {
    var style = typeOf(node);
    var span = add(box, "span", "mark", { dot: "\u25cf", diamond: "\u25c6", square: "\u25a0", triangle: "\u25b2",
      star: "\u2605", triangleDown: "\u25bc", hexagon: "\u2b22" }[style.shape] || "\u25cf");
    span.style.color = style.color;
  }

  function link(box, node, preferClass) {
    var target = preferClass && classPageOf(node) ? classPageOf(node) : pageOf(node);
    if (target && PAGE.test(target) && !node.focus) {
      var anchor = add(box, "a", null, node.label);
      anchor.href = target;
      return anchor;
    }
    return add(box, "span", null, node.label);
  }

  function listed(box, title, values, limit) {
    if (!values || values.length === 0) {
      return;
    }
    var line = add(box, "div", "tip-line");
    add(line, "span", "tip-key", title + ": ");
    var shownValues = values.slice(0, limit);
    var more = values.length - shownValues.length;
    line.appendChild(document.createTextNode(shownValues.join("; ") + (more > 0 ? "; and " + more + " more" : "")));
  }

  function buildPanel() {
    var panel = document.getElementById("panel");
    var focus = -1;
    data.nodes.forEach(function (node, index) {
      if (node.focus && focus < 0) {
        focus = index;
      }
    });
    if (!panel || focus < 0) {
      return;
    }
    var node = data.nodes[focus];
    var info = node.info || {};
    var heading = add(panel, "h2");
    mark(heading, node);
    heading.appendChild(document.createTextNode(node.label));
    add(panel, "div", "tip-id", node.curie);
    listed(panel, "type", info.types && info.types.length ? info.types : [typeOf(node).name], 20);
    (info.definitions || []).forEach(function (text) {
      add(panel, "p", null, text);
    });
    var classPage = classPageOf(node);
    if (classPage && PAGE.test(classPage)) {
      var line = add(panel, "p");
      var anchor = add(line, "a", null, "Its class page: the hierarchy above and below, members by source");
      anchor.href = classPage;
    }
    listed(panel, "synonyms", info.synonyms, 30);
    listed(panel, "cross-references", info.xrefs, 30);
    if (info.facts && info.facts.length) {
      add(panel, "h3", null, "Facts");
      var facts = add(panel, "ul");
      info.facts.forEach(function (fact) {
        var item = add(facts, "li", null, fact[0] + ": " + fact[1]);
        add(item, "div", "sources", sourceText(fact[2]));
      });
    }
    var relations = {};
    data.edges.forEach(function (edge) {
      var out = edge[0] === focus;
      if (!out && edge[1] !== focus) {
        return;
      }
      var other = out ? edge[1] : edge[0];
      var label = data.predicates[edge[2]].label;
      var key = (out ? "\u2192 " : "\u2190 ") + label;
      var relation = relations[key] || (relations[key] = { out: out, label: label, curie: data.predicates[edge[2]].curie, items: {}, more: 0 });
      var entry = relation.items[other] || (relation.items[other] = { node: other, sources: {}, inferred: true });
      edge[3].forEach(function (source) {
        entry.sources[source] = true;
      });
      entry.inferred = entry.inferred && edge[4] === 1;
    });
    data.groups.forEach(function (group) {
      if (group.parent === focus && group.more && group.predicate) {
        var key = (group.out ? "\u2192 " : "\u2190 ") + group.predicate;
        if (relations[key]) {
          relations[key].more += group.more;
        }
      }
    });
    // what a reader looks for first: classes, uses, interactions, then the rest by name
    var FIRST = ["memberOf", "kindOf", "treats", "approvedFor", "firstLineFor", "symptomaticTreatmentFor",
      "relieves", "interactsWith", "participant", "hasTarget", "hasRiskOf", "hasSideEffect"];
    function priority(relation) {
      var local = relation.curie.slice(relation.curie.lastIndexOf(":") + 1);
      var at = FIRST.indexOf(local);
      return at < 0 ? FIRST.length : at;
    }
    var keys = Object.keys(relations).sort(function (a, b) {
      var first = relations[a];
      var second = relations[b];
      return priority(first) - priority(second) || first.label.localeCompare(second.label) || (first.out ? -1 : 1);
    });
    if (keys.length) {
      add(panel, "h3", null, "Relations");
    }
    keys.forEach(function (key) {
      var relation = relations[key];
      var entries = Object.keys(relation.items).map(function (k) {
        return relation.items[k];
      });
      entries.sort(function (a, b) {
        return (a.inferred - b.inferred) || data.nodes[a.node].label.localeCompare(data.nodes[b.node].label);
      });
      var total = entries.length + relation.more;
      add(panel, "h4", null, key + " (" + total + ")");
      var list = add(panel, "ul");
      var preferClass = /(memberOf|kindOf)$/.test(relation.curie) && relation.out;
      entries.forEach(function (entry) {
        var other = data.nodes[entry.node];
        var item = add(list, "li");
        mark(item, other);
        link(item, other, preferClass);
        add(item, "span", "count-note", " " + typeOf(other).name);
        if (entry.inferred) {
          add(item, "span", "inferred", " inferred");
        }
        var otherFacts = (other.info && other.info.facts) || [];
        otherFacts.slice(0, 4).forEach(function (fact) {
          add(item, "div", "count-note", fact[0] + ": " + fact[1]);
        });
        var names = Object.keys(entry.sources).map(function (source) {
          return sourceText(Number(source));
        });
        if (names.length) {
          add(item, "div", "sources", "source: " + names.join("; "));
        }
      });
      if (relation.more) {
        add(list, "li", "count-note", "and " + relation.more + " more, not on this page");
      }
    });
  }

  if (data.panel) {
    buildPanel();
  }
  state.pageOf = pageOf;
  state.classPageOf = classPageOf;
  state.openGroup = openGroup;
  state.showSide = showSide;
  window.drugkg = state;
})();
