"""What people read: names, entity descriptions, the medication check, derivations, networks, HTML.

- :mod:`kg.analysis.names`: resolving what a user types to an entity;
- :mod:`kg.views.info`: what the graph says about one entity;
- :mod:`kg.analysis.medication_check`: interaction, duplicate-therapy and activity warnings;
- :mod:`kg.analysis.derivations`: the rules and asserted facts behind an inferred fact;
- :mod:`kg.views.network`: networkx views (whole graph, neighbourhood, class, connecting paths);
- :mod:`kg.views.styles`: one shape and colour per node type, and human names of types;
- :mod:`kg.views.grouping`: busy nodes' neighbours grouped by relation and type;
- :mod:`kg.views.overview`: the types, relations and hierarchies of a graph with their counts;
- :mod:`kg.views.html`: one offline HTML page per view;
- :mod:`kg.views.explorer`: a folder of linked pages (``viz --site``), with its search index
  (:mod:`kg.views.search`), served by ``drugkg serve`` (:mod:`kg.views.site_server`);
- :mod:`kg.views.vocabulary_page`: the HTML page of the vocabulary (``drugkg docs``).
"""
