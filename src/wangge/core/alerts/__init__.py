"""Customer early warning: alert rules over the monthly facts, churn-risk features."""
