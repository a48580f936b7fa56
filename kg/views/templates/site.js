// drugkg explorer: the search of the index page, over the names in assets/search-index.js, and
// the search box of every other page (which opens the index page with the words typed). Every
// text from the data is shown with textContent; links go only to plain page names.
(function () {
  "use strict";
  var PAGE = /^[A-Za-z0-9][A-Za-z0-9._-]*\.html$/;
  var LIMIT = 20;
  var MARKS = { dot: "\u25cf", diamond: "\u25c6", square: "\u25a0", triangle: "\u25b2", star: "\u2605",
    triangleDown: "\u25bc", hexagon: "\u2b22" };

  // the search box of a page's links (each page would otherwise carry its markup)
  var bar = document.querySelector("nav[data-jump]");
  var jump = null;
  if (bar) {
    var label = document.createElement("label");
    label.textContent = "search ";
    jump = document.createElement("input");
    jump.id = "jump";
    jump.type = "search";
    jump.size = 24;
    jump.placeholder = "name, brand name or id";
    jump.autocomplete = "off";
    label.appendChild(jump);
    bar.appendChild(document.createTextNode(" \u00b7 "));
    bar.appendChild(label);
  }
  if (jump) {
    jump.addEventListener("keydown", function (event) {
      if (event.key === "Enter" && jump.value.trim()) {
        event.preventDefault();
        window.location.href = "index.html#q=" + encodeURIComponent(jump.value.trim());
      }
    });
  }

  var index = window.drugkgSearch;
  var input = document.getElementById("search");
  var list = document.getElementById("results");
  var status = document.getElementById("search-status");
  if (!index || !input || !list) {
    return;
  }

  function norm(text) {
    return String(text).normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase().replace(/\s+/g, " ").trim();
  }

  // Each entry's names, normalised once: [normalised, kind (-1 label, -2 id, else index.kinds), as written].
  var prepared = null;
  function prepare() {
    prepared = index.entries.map(function (entry) {
      var names = [[norm(entry[0]), -1, entry[0]], [norm(entry[1]), -2, entry[1]]];
      entry[5].forEach(function (pair) {
        names.push([norm(pair[1]), pair[0], pair[1]]);
      });
      return names;
    });
  }

  // How well a name matches: 0 the whole name (or an id's local part: DB01068 of drugbank:DB01068),
  // 1 its start, 2 the start of a word in it, 3 anywhere; -1 not at all.
  function rank(name, query) {
    if (name === query) {
      return 0;
    }
    var colon = name.indexOf(":");
    if (colon >= 0 && name.slice(colon + 1) === query) {
      return 0;
    }
    if (name.indexOf(query) === 0 || (colon >= 0 && name.indexOf(query, colon + 1) === colon + 1)) {
      return 1;
    }
    var at = name.indexOf(query);
    if (at < 0) {
      return -1;
    }
    return /[\s\-(\/,:;.]/.test(name.charAt(at - 1)) ? 2 : 3;
  }

  function search(text) {
    var query = norm(text);
    if (!query) {
      return { query: query, matches: [], total: 0 };
    }
    if (!prepared) {
      prepare();
    }
    var matches = [];
    for (var i = 0; i < prepared.length; i++) {
      var names = prepared[i];
      var best = null;
      for (var j = 0; j < names.length; j++) {
        var score = rank(names[j][0], query);
        if (score < 0) {
          continue;
        }
        score += names[j][1] === -1 ? 0 : 0.5; // the label before other names that match as well
        if (best === null || score < best.score) {
          best = { score: score, name: j };
        }
      }
      if (best !== null && (query.length > 2 || best.score < 2)) {
        matches.push({ entry: i, score: best.score, name: best.name });
      }
    }
    matches.sort(function (a, b) {
      var first = index.entries[a.entry][0];
      var second = index.entries[b.entry][0];
      return a.score - b.score || first.length - second.length || (first < second ? -1 : first > second ? 1 : 0);
    });
    return { query: query, matches: matches.slice(0, LIMIT), total: matches.length };
  }

  function add(box, tag, className, text) {
    var made = document.createElement(tag);
    if (className) {
      made.className = className;
    }
    if (text !== undefined) {
      made.textContent = text;
    }
    box.appendChild(made);
    return made;
  }

  function render(found) {
    list.textContent = "";
    found.matches.forEach(function (match) {
      var entry = index.entries[match.entry];
      var type = index.types[entry[2]];
      var item = add(list, "li");
      var mark = add(item, "span", "mark", MARKS[type.shape] || MARKS.dot);
      mark.style.color = type.color;
      var anchor = add(item, "a", null, entry[0]);
      if (PAGE.test(entry[3])) {
        anchor.href = entry[3];
      }
      add(item, "span", "type", type.name);
      var name = prepared[match.entry][match.name];
      if (name[1] !== -1) {
        var kind = name[1] === -2 ? "id" : index.kinds[name[1]];
        add(item, "span", "why", kind + ": " + name[2]);
      }
      add(item, "span", "tip-id", " " + entry[1]);
      if (entry[4] && PAGE.test(entry[4])) {
        item.appendChild(document.createTextNode(" \u00b7 "));
        var classLink = add(item, "a", null, "class page");
        classLink.href = entry[4];
      }
    });
    var shown = found.matches.length;
    if (!found.query) {
      status.textContent = "";
    } else if (!found.total) {
      status.textContent = "no match";
    } else {
      status.textContent = shown < found.total ? shown + " of " + found.total + " matches" : found.total + (found.total === 1 ? " match" : " matches");
    }
  }

  input.addEventListener("input", function () {
    render(search(input.value));
  });
  input.addEventListener("keydown", function (event) {
    if (event.key === "Enter") {
      var first = list.querySelector("a[href]");
      if (first) {
        event.preventDefault();
        window.location.href = first.getAttribute("href");
      }
    }
  });
  var handed = window.location.hash.match(/^#q=(.*)$/);
  if (handed) {
    try {
      input.value = decodeURIComponent(handed[1]);
    } catch (error) {
      input.value = "";
    }
    render(search(input.value));
  }
  window.drugkgSearchFor = search;
  // the legend of an explorer page's drawing, from the shared type table: each type drawn (by name),
  // then the two kinds of edge (each page would otherwise carry its markup)
  var legend = document.querySelector("ul.legend:empty");
  var drawing = document.getElementById("drugkg-data");
  if (legend && drawing && window.drugkgTables) {
    var hints = document.createElement("p");
    hints.className = "note";
    hints.textContent = "Hover for details; drag to move. Double-click a node to open its page.";
    legend.parentNode.insertBefore(hints, legend);
    var drawn = JSON.parse(drawing.textContent);
    var table = window.drugkgTables.types;
    var shown = {};
    drawn.nodes.forEach(function (node) { shown[node.type] = true; });
    var kinds = Object.keys(shown).map(function (i) { return table[Number(i)]; }).filter(Boolean);
    kinds.sort(function (a, b) {
      var x = a.name.toLowerCase(), y = b.name.toLowerCase();
      return x < y ? -1 : x > y ? 1 : 0;
    });
    var addItem = function (mark, color, text) {
      var item = document.createElement("li");
      var span = document.createElement("span");
      span.className = "mark";
      span.textContent = mark;
      if (color) { span.style.color = color; }
      item.appendChild(span);
      item.appendChild(document.createTextNode(text));
      legend.appendChild(item);
    };
    kinds.forEach(function (kind) { addItem(MARKS[kind.shape] || "\u25cf", kind.color, kind.name); });
    if (drawn.edges.length) {
      addItem("\u2192", "", "asserted fact");
      addItem("\u21e2", "", "inferred fact (dashed)");
    }
  }
})();
