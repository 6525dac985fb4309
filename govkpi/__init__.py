"""govkpi: a Thai province's performance agenda — goals, indicators, results, assessments, awards."""

__version__ = "0.1.0"
