"""The build: curated sources -> compiled dataset -> closure under the rules -> SHACL check -> ``drugkg.trig``.

- :mod:`kg.build.pipeline`: the build itself, its cache (``source_digest``) and ``open_built_store``;
- :mod:`kg.build.rule_files`: the rules of ``kg/build/rules/``, each parsed once;
- :mod:`kg.build.reasoning`: the semi-naive forward-chaining of those rules, in the engine;
- :mod:`kg.build.validation`: SHACL validation against ``ontology/shapes.ttl``.
"""
