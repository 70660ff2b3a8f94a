"""Multiple systems estimation (capture-recapture): pure functions over capture tables."""
