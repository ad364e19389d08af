"""The trail: the audit log, its view, and the dump back to YAML."""
