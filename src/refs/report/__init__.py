"""Writers for what refs reports: the claim map as JSON, CSV and Markdown."""
