"""The run report: a self-contained HTML page published with the data files."""
