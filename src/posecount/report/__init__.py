"""The physiotherapist's report: a pure fold of history rows, events and pose tracks into
report data (`data`), rendered as one self-contained HTML file (`html`)."""
