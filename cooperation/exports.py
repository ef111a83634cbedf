from django_tables2.export import TableExport
from tablib import Dataset

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value):
    """Text a spreadsheet would run as a formula ("=HYPERLINK(...)") is kept as text."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


class SafeTableExport(TableExport):
    def table_to_dataset(self, table, exclude_columns, dataset_kwargs=None):
        source = super().table_to_dataset(table, exclude_columns, dataset_kwargs)
        dataset = Dataset(title=source.title, headers=source.headers)
        for row in source:
            dataset.append([neutralise(value) for value in row])
        return dataset
