"""Checking: SHACL validation (:mod:`.validation`, the engine in :mod:`.shacl`), the
newcomer checks (:mod:`.newcomers`) and reasoning (:mod:`.reasoning`, with its OWL 2 RL rules).
"""
