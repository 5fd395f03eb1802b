"""The risk map says in words what its colours mean (WCAG 1.4.1): a legend with the scale, and each
cell's level written next to its score, agreeing with the legend."""

import re

from django.template.loader import render_to_string

from riskanalys.views import heat_map


def test_the_risk_map_has_a_legend_and_each_cell_names_its_level():
    html = render_to_string("riskanalys/heat_map.html", {"grid": heat_map([])})
    legend = re.search(r'<div class="heat-legend">(.*?)</div>', html, re.S).group(1)
    ranges = {
        level.lower(): (int(low), int(high))
        for level, low, high in re.findall(r"(Låg|Medelhög|Hög) risk: poäng (\d+)–(\d+)", legend)
    }
    assert set(ranges) == {"låg", "medelhög", "hög"}
    assert "sannolikhet × allvarlighet" in legend
    cells = re.findall(r'<span class="heat-score">(\d+) · (\w+)</span>', html)
    assert len(cells) == 25
    for score, level in cells:
        low, high = ranges[level]
        assert low <= int(score) <= high, (score, level)
