"""Products: what ecoonto makes from a graph: answers (:mod:`.answers`), the page
(:mod:`.report`), figures (:mod:`.stats`), comparisons (:mod:`.compare`), the ecosystem map
(:mod:`.diagram`), reference documentation (:mod:`.docs`) and query results as text
(:mod:`.render`).
"""
