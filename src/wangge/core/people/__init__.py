"""The people side of grid operations, as plain rules: training hours against the
yearly minimum, competency gaps against a post's model, standardisation audits and
the front line's reverse appraisal of its support units. No Django here."""
