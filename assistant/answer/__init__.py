"""Answer: ranking, the decision to decline, and the cited answer built from both."""
