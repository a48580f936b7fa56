"""What people read: names, entity descriptions, the medication check, derivations, networks, HTML.

- :mod:`kg.views.names`: resolving what a user types to an entity;
- :mod:`kg.views.info`: what the graph says about one entity;
- :mod:`kg.views.medication_check`: interaction, duplicate-therapy and activity warnings;
- :mod:`kg.views.derivations`: the rules and asserted facts behind an inferred fact;
- :mod:`kg.views.network`: networkx views (whole graph, neighbourhood, class, connecting paths);
- :mod:`kg.views.html`: one self-contained offline HTML page per view;
- :mod:`kg.views.explorer`: a folder of linked pages (``viz --site``);
- :mod:`kg.views.vocabulary_page`: the HTML page of the vocabulary (``drugkg docs``).
"""
