"""The core: records, fields, YAML reading, validation, the importer, checks, errors, clock, config, privacy, i18n."""
