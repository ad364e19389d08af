"""The roster and ledger input formats: record models, sections and validation."""
