"""Reporting: findings become what people, CI systems and tools read.

In: the findings and documents of a run. Out: a `Report` (`model`), rendered by `formats/`
(text, json, sarif, junit, github, html); baselines that hide known findings (`baseline`);
suppression comments applied (`suppress`); the rule pages behind `rules explain` (`rulepages`);
a progress bar on a terminal (`progress`).
"""
