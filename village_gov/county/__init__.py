"""The county view: merging townships' databases into one county database."""
