"""Number and date formats for the languages Django has none for (FORMAT_MODULE_PATH)."""
