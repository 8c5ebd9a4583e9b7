"""Churn risk: a table of customers with a churn label in, calibrated risk and honest
measures of how well it ranks out.

``table`` turns a CSV as operators and public datasets hand it over into typed feature
columns and a 0/1 label; ``model`` holds the gradient-boosted model and the logistic
baseline, both fitted inside one pipeline so that nothing is learned from rows it is
later judged on; ``metrics`` the measures; ``evaluate`` cross-validates the two side by side.
"""
