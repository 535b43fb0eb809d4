"""Schema changes after the baseline: how they run safely (plan), prove their
assumptions (preflight), and what they are (screening)."""
